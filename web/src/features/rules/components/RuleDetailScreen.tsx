// One rule: its definition, state, runs and hits; switch it on or off, edit or delete it (API-managed rules
// only: the others belong to the pack and to their files), copy it into a new rule, and dry-run it.
import { useId, useState } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { formatCount, formatTime } from "../../../lib/format";
import { href, navigate } from "../../../lib/router";
import { conflictVersion, deleteRule, setRuleEnabled } from "../api/rules";
import type { Rule } from "../api/rules";
import { evaluationLabel, isApiManaged, runState, sourceLabel, typeLabel } from "../hooks/labels";
import { copyText, initialEditText } from "../hooks/ruleText";
import { useIsAdmin } from "../hooks/useIsAdmin";
import { useRecentAlerts, useRule } from "../hooks/useRule";
import { HealthBadge, SeverityBadge } from "./Badges";
import { DryRunPanel } from "./DryRunPanel";
import { EnabledSwitch } from "./EnabledSwitch";
import { RuleEditor } from "./RuleEditor";
import "../rules.css";

type Mode = "view" | "edit" | "copy" | "delete";

export function RuleDetailScreen({ id }: { id: string }) {
  const { rule, loading, error, reload, replace } = useRule(id);
  return (
    <main aria-labelledby="rule-title" className="rules">
      <p className="meta">
        <a href={href("/rules")}>← All rules</a>
      </p>
      {!rule && <h1 id="rule-title">Rule {id}</h1>}
      <DataState what="the rule" loading={loading} error={error} data={rule} onRetry={reload}>
        {(current) => <RuleDetail rule={current} onChanged={replace} onReload={reload} />}
      </DataState>
    </main>
  );
}

function RuleDetail({ rule, onChanged, onReload }: { rule: Rule; onChanged: (rule: Rule) => void; onReload: () => void }) {
  const admin = useIsAdmin();
  const [mode, setMode] = useState<Mode>("view");
  const [switching, setSwitching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const state = runState(rule);
  const managed = isApiManaged(rule);
  const canCopy = rule.type !== "python";

  async function toggle(enabled: boolean) {
    setSwitching(true);
    setProblem(null);
    try {
      onChanged(await setRuleEnabled(rule, enabled));
      setNotice(enabled ? "The rule is on: the alerter runs it from its next reload." : "The rule is off from the alerter's next reload.");
    } catch (failure) {
      if (conflictVersion(failure) !== null) {
        setProblem("Someone changed this rule meanwhile: it was reloaded, try again.");
        onReload();
      } else setProblem(describeError(failure));
    } finally {
      setSwitching(false);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1 id="rule-title">{rule.name}</h1>
        <div className="actions">
          <span className="rules-switch-field">
            <span aria-hidden="true">Enabled</span>
            <EnabledSwitch
              enabled={rule.enabled}
              label="Enabled"
              busy={switching}
              disabled={!admin}
              onChange={(enabled) => void toggle(enabled)}
            />
          </span>
          {managed && (
            <button type="button" onClick={() => setMode("edit")} disabled={!admin || mode === "edit"}>
              Edit
            </button>
          )}
          {canCopy && (
            <button type="button" onClick={() => setMode("copy")} disabled={!admin || mode === "copy"}>
              Copy to a new rule
            </button>
          )}
          {managed && (
            <button type="button" className="rules-danger" onClick={() => setMode("delete")} disabled={!admin}>
              Delete
            </button>
          )}
        </div>
      </div>
      <p className="meta">
        <span className="mono">{rule.id}</span> · {sourceLabel(rule)} · {typeLabel(rule)} ·{" "}
        <SeverityBadge severity={rule.severity} /> · {rule.enabled ? "Enabled" : "Disabled"} · <HealthBadge state={state} />
      </p>
      {rule.description && <p className="pre">{rule.description}</p>}
      {!admin && <p className="hint">Changing rules needs the admin role.</p>}
      {!managed && (
        <p className="hint">
          {rule.source === "builtin" ? "A built-in rule" : "A rule of the rules folder"}: it can only be switched on or off
          here. To change it, copy it to a new rule and switch this one off.
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          Could not switch the rule: {problem}
        </p>
      )}
      {notice && !problem && (
        <p className="hint" role="status">
          {notice}
        </p>
      )}
      {mode === "delete" && (
        <DeleteConfirm
          rule={rule}
          onCancel={() => setMode("view")}
          onDeleted={() => navigate("/rules")}
        />
      )}
      {mode === "copy" && (
        <RuleEditor
          mode="create"
          initialText={copyText(rule)}
          onCancel={() => setMode("view")}
          onSaved={(created) => navigate(`/rules/${encodeURIComponent(created.id)}`)}
        />
      )}
      {mode === "edit" && (
        <RuleEditor
          mode="edit"
          rule={rule}
          onCancel={() => setMode("view")}
          onSaved={(saved) => {
            onChanged(saved);
            setMode("view");
            setNotice(`Saved as version ${saved.version}: the alerter runs it from its next reload.`);
          }}
        />
      )}
      <div className="columns">
        <StatePanel rule={rule} />
        <RunsPanel rule={rule} />
      </div>
      {mode !== "edit" && <Definition rule={rule} />}
      {/* a new version starts from an empty dry run: the last one was of the rule as it was */}
      <DryRunPanel key={rule.version} rule={rule} />
      <RecentAlerts id={rule.id} />
    </>
  );
}

function Definition({ rule }: { rule: Rule }) {
  const id = useId();
  const sentAs = rule.yaml ? "as it was sent" : "in the rule-file shape, defaults left out";
  return (
    <section className="panel rules-definition" aria-labelledby={id}>
      <h2 id={id}>Definition</h2>
      <p className="meta">YAML, {sentAs}.</p>
      <pre className="mono rules-yaml" tabIndex={0} aria-label={`Definition of ${rule.name}`}>
        {initialEditText(rule)}
      </pre>
    </section>
  );
}

function StatePanel({ rule }: { rule: Rule }) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>State</h2>
      <dl className="fields">
        <dt>Enabled</dt>
        <dd>
          {rule.enabled ? "Yes" : "No"}
          {rule.overridden && <span className="meta"> (switched through the API, over its file)</span>}
        </dd>
        <dt>Source</dt>
        <dd>{sourceLabel(rule)}</dd>
        <dt>Origin</dt>
        <dd className="mono rules-break">{rule.origin}</dd>
        <dt>Type</dt>
        <dd>{typeLabel(rule)}</dd>
        <dt>Evaluated</dt>
        <dd>{evaluationLabel(rule)}</dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={rule.severity} />
        </dd>
        <dt>Category</dt>
        <dd>{rule.category}</dd>
        <dt>Tags</dt>
        <dd>{rule.tags.length ? rule.tags.join(", ") : "—"}</dd>
        <dt>Version</dt>
        <dd>{rule.version}</dd>
        {rule.author && (
          <>
            <dt>Author</dt>
            <dd>{rule.author}</dd>
          </>
        )}
        {rule.created && (
          <>
            <dt>Created</dt>
            <dd>
              <time dateTime={rule.created}>{formatTime(rule.created)}</time>
            </dd>
          </>
        )}
        {rule.updated && (
          <>
            <dt>Updated</dt>
            <dd>
              <time dateTime={rule.updated}>{formatTime(rule.updated)}</time>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function RunsPanel({ rule }: { rule: Rule }) {
  const id = useId();
  const runs = rule.runs;
  const state = runState(rule);
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>Runs and hits</h2>
      {!runs ? (
        <p className="empty">{state.label === "Off" ? "Off: not run." : `${state.label}.`}</p>
      ) : (
        <dl className="fields">
          <dt>State</dt>
          <dd>
            <HealthBadge state={state} />
          </dd>
          {runs.last_run && (
            <>
              <dt>Last run</dt>
              <dd>
                <time dateTime={runs.last_run}>{formatTime(runs.last_run)}</time>
                {runs.duration_ms !== null && runs.duration_ms !== undefined && (
                  <span className="meta"> ({formatCount(Math.round(runs.duration_ms))} ms)</span>
                )}
              </dd>
            </>
          )}
          {runs.last_hit && (
            <>
              <dt>Last hit</dt>
              <dd>
                <time dateTime={runs.last_hit}>{formatTime(runs.last_hit)}</time>
              </dd>
            </>
          )}
          <dt>Hits</dt>
          <dd>
            {formatCount(runs.total_hits ?? 0)} in all
            {runs.last_run && <>, {formatCount(runs.hits ?? 0)} in the last run</>}
          </dd>
          {(runs.runs ?? 0) > 0 && (
            <>
              <dt>Runs</dt>
              <dd>
                {formatCount(runs.runs ?? 0)}, {formatCount(runs.failures ?? 0)} failed
              </dd>
            </>
          )}
          {runs.truncated && (
            <>
              <dt>Truncated</dt>
              <dd className="warning">The last run hit the group limit: some groups were not evaluated.</dd>
            </>
          )}
          {runs.last_error && (
            <>
              <dt>Last error</dt>
              <dd>
                <span className={state.health === "failing" ? "error" : undefined}>{runs.last_error}</span>
                {runs.last_error_at && (
                  <span className="meta">
                    {" "}
                    (<time dateTime={runs.last_error_at}>{formatTime(runs.last_error_at)}</time>)
                  </span>
                )}
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function RecentAlerts({ id }: { id: string }) {
  const titleId = useId();
  const { data, loading, error, reload } = useRecentAlerts(id);
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Recent alerts</h2>
      <DataState
        what="its alerts"
        loading={loading}
        error={error}
        data={data}
        onRetry={reload}
        isEmpty={(page) => page.alerts.length === 0}
        empty="This rule has raised no alert yet."
      >
        {(page) => (
          <>
            <p className="hint">
              {page.total > page.alerts.length
                ? `The newest ${page.alerts.length} of ${formatCount(page.total)} alerts.`
                : `${formatCount(page.total)} alert${page.total === 1 ? "" : "s"}.`}
            </p>
            <table className="grid" aria-label="Recent alerts of this rule">
              <thead>
                <tr>
                  <th scope="col">Raised</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {page.alerts.map((alert) => (
                  <tr key={alert.id}>
                    <td>
                      <time dateTime={alert.utctimestamp}>{formatTime(alert.utctimestamp)}</time>
                    </td>
                    <td>
                      <a href={href(`/alerts/${encodeURIComponent(alert.id)}`)}>{alert.summary}</a>
                    </td>
                    <td>{alert.severity ? <SeverityBadge severity={alert.severity} /> : "—"}</td>
                    <td>{formatCount(alert.event_count ?? null)}</td>
                    <td>{alert.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </DataState>
    </section>
  );
}

function DeleteConfirm({ rule, onCancel, onDeleted }: { rule: Rule; onCancel: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { title: useId(), text: useId() };
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await deleteRule(rule.id);
      onDeleted();
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }
  return (
    <div
      className="conflict rules-confirm"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={ids.title}
      aria-describedby={ids.text}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <h2 id={ids.title}>Delete rule {rule.id}?</h2>
      <p id={ids.text}>
        The alerter stops running it at its next reload. This cannot be undone; copy its definition first to keep it.
      </p>
      {error && (
        <p className="error" role="alert">
          Could not delete the rule: {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="rules-danger" onClick={() => void confirm()} disabled={busy} autoFocus>
          {busy ? "Deleting…" : "Delete rule"}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
