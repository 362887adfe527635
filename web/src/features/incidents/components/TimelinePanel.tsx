import { useId, useState } from "react";

import { formatTime, relativeTime } from "../../../lib/format";
import type { TimelineEntry } from "../api/cases";
import { changeLines, entrySummary } from "../hooks/timeline";

const FIRST = 50;

/** Every change of the case, newest first: who, when, and each field's value before and after. */
export function TimelinePanel({ timeline, noun }: { timeline: TimelineEntry[]; noun: string }) {
  const id = useId();
  const [all, setAll] = useState(false);
  const shown = all ? timeline : timeline.slice(0, FIRST);
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>Timeline</h2>
      {timeline.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline" aria-label={`Changes, newest first`}>
          {shown.map((entry) => {
            const lines = entry.action === "created" || entry.action === "note.added" ? [] : changeLines(entry, formatTime);
            return (
              <li key={entry.id} data-testid="timeline-entry">
                <div>
                  <strong>{entry.actor ?? "system"}</strong> {entrySummary(entry, noun)}{" "}
                  <time dateTime={entry.time} title={formatTime(entry.time)} className="meta">
                    {relativeTime(entry.time)}
                  </time>
                  {entry.case_version != null && <span className="meta"> · version {entry.case_version}</span>}
                </div>
                {lines.length > 0 && (
                  <ul className="changes">
                    {lines.map((line, index) => (
                      <li key={index}>
                        <span className="change-field">{line.field}</span>{" "}
                        {line.kind === "added" ? (
                          <>
                            added: <ins>{line.after}</ins>
                          </>
                        ) : line.kind === "removed" ? (
                          <>
                            removed: <del>{line.before}</del>
                          </>
                        ) : (
                          <>
                            <del aria-label={`was ${line.before}`}>{line.before}</del> <span aria-hidden="true">→</span>{" "}
                            <ins aria-label={`now ${line.after}`}>{line.after}</ins>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {timeline.length > FIRST && (
        <button type="button" className="link-button" onClick={() => setAll((value) => !value)}>
          {all ? "Show the latest only" : `Show all ${timeline.length} changes`}
        </button>
      )}
    </section>
  );
}
