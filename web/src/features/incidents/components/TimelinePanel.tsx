import { useId } from "react";

import type { TimelineEntry } from "../api/incidents";
import { formatTime } from "./IncidentListScreen";

function describe(entry: TimelineEntry): string {
  const changes = (entry.changes ?? []) as Array<{ field?: unknown; to?: unknown; new?: unknown }>;
  const fields = changes.map((change) => (typeof change.field === "string" ? change.field : null)).filter(Boolean);
  const list = entry.list ? ` ${entry.list}` : "";
  return `${entry.action}${list}${fields.length ? `: ${fields.join(", ")}` : ""}`;
}

export function TimelinePanel({ timeline }: { timeline: TimelineEntry[] }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>Timeline</h2>
      {timeline.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline">
          {timeline.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.time}>{formatTime(entry.time)}</time> <strong>{entry.actor ?? "system"}</strong>{" "}
              {describe(entry)}
              {entry.case_version != null && <span className="hint"> (version {entry.case_version})</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
