// Dry run: what the rule would have alerted over the last N hours, nothing published. The run may take a
// while on a large store, so it says it is running (and for how long) and can be cancelled.
import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { formatCount, formatDuration, formatTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Rule } from "../api/rules";
import { lookBackChoices, lookBackLabel, MAX_HOURS, maxLookBack, periodSearchPath, shapeDryRun } from "../hooks/dryRun";
import type { DryRunView } from "../hooks/dryRun";
import { isScheduled, typeLabel } from "../hooks/labels";
import { useDryRun } from "../hooks/useDryRun";
import { SeverityBadge } from "./Badges";

export function DryRunPanel({ rule }: { rule: Rule }) {
  const limit = maxLookBack(rule);
  const choices = lookBackChoices(limit);
  const [hours, setHours] = useState<number>(choices.includes(24) ? 24 : (choices[choices.length - 1] ?? 1));
  const { state, start, cancel, elapsedMs } = useDryRun(rule.id);
  const ids = { title: useId(), hours: useId(), note: useId() };
  const running = state.phase === "running";

  function submit(event: FormEvent) {
    event.preventDefault();
    start(hours);
  }

  return (
    <section className="panel rules-dry-run" aria-labelledby={ids.title} aria-busy={running}>
      <h2 id={ids.title}>Dry run</h2>
      <p className="hint" id={ids.note}>
        {dryRunNote(rule, limit)}
      </p>
      <form className="rules-dry-form" onSubmit={submit}>
        <label htmlFor={ids.hours}>Look back</label>
        <select
          id={ids.hours}
          value={hours}
          onChange={(event) => setHours(Number(event.target.value))}
          disabled={limit === 0 || running}
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {lookBackLabel(choice)}
            </option>
          ))}
          {choices.length === 0 && <option value={1}>not available</option>}
        </select>
        <button type="submit" className="primary" disabled={limit === 0 || running} aria-describedby={ids.note}>
          Dry run
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>
      {state.phase === "running" && (
        <div className="rules-progress">
          <progress aria-label="Dry run in progress" />
          <p role="status" className="hint loading">
            Running over the last {lookBackLabel(state.hours)}… {formatDuration(Math.floor(elapsedMs / 1000))}
          </p>
        </div>
      )}
      {state.phase === "failed" && (
        <p className="error" role="alert">
          The dry run failed: {describeError(state.error)}
        </p>
      )}
      {state.phase === "done" && (
        <DryRunResultView view={shapeDryRun(state.result, rule)} rule={rule} tookMs={state.tookMs} />
      )}
    </section>
  );
}

function dryRunNote(rule: Rule, limit: number): string {
  if (limit === 0 && isScheduled(rule)) {
    return "Its window is too short for a dry run of an hour: the API evaluates at most 1,440 windows.";
  }
  if (limit === 0) {
    return `${typeLabel(rule)} rules are evaluated on the stream only, with state kept between events: a dry run over the store is not available.`;
  }
  const what = "Runs the rule over the events already stored and lists the alerts it would have raised. Nothing is published.";
  return limit < MAX_HOURS ? `${what} Its window allows looking back at most ${lookBackLabel(limit)}.` : what;
}

function DryRunResultView({ view, rule, tookMs }: { view: DryRunView; rule: Rule; tookMs: number }) {
  const period = periodSearchPath(rule, view.hours);
  return (
    <div className="rules-dry-result" data-testid="dry-run-result">
      <p role="status">
        Over the last {lookBackLabel(view.hours)}, this rule would have raised{" "}
        <strong>
          {formatCount(view.total)} alert{view.total === 1 ? "" : "s"}
        </strong>
        {view.total > 0 && (
          <>
            {" "}
            from <strong>{formatCount(view.events)}</strong> event{view.events === 1 ? "" : "s"}
          </>
        )}
        . <span className="meta">(took {formatDuration(tookMs / 1000)})</span>
      </p>
      {period && (
        <p>
          <a href={href(period)}>See every event its query matches in this period</a>
        </p>
      )}
      {view.rows.length > 0 && (
        <div className="rules-scroll">
          <table className="grid" aria-label="Would-be alerts">
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Summary</th>
                <th scope="col">Severity</th>
                <th scope="col">Events</th>
                <th scope="col">Group</th>
                <th scope="col">Last seen</th>
                <th scope="col">Events in search</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <time dateTime={row.raisedAt}>{formatTime(row.raisedAt)}</time>
                  </td>
                  <td>{row.summary}</td>
                  <td>
                    <SeverityBadge severity={row.severity} />
                  </td>
                  <td>{formatCount(row.count)}</td>
                  <td>
                    {row.group.length === 0 ? (
                      <span className="meta">—</span>
                    ) : (
                      row.group.map(([field, value]) => (
                        <div key={field}>
                          <span className="meta mono">{field}</span> <span className="mono">{value}</span>
                        </div>
                      ))
                    )}
                  </td>
                  <td>
                    <time dateTime={row.lastSeen}>{formatTime(row.lastSeen)}</time>
                  </td>
                  <td>
                    {row.search ? (
                      <a href={href(row.search)} aria-label={`See events: ${row.summary}`}>
                        See events
                      </a>
                    ) : (
                      <span className="meta">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.hidden > 0 && (
        <p className="hint">
          The first {view.rows.length} are shown; {formatCount(view.hidden)} more are left out.
        </p>
      )}
    </div>
  );
}
