import { formatTime } from "../../../lib/format";
import type { Case } from "../api/cases";

/** The fields the server keeps: reference, version, who opened it and when it last changed. */
export function DetailsPanel({ doc, noun }: { doc: Case; noun: string }) {
  return (
    <section className="panel" aria-label="Details">
      <dl className="fields">
        <dt>Reference</dt>
        <dd>{doc.ref}</dd>
        <dt>Kind</dt>
        <dd>{noun}</dd>
        <dt>Version</dt>
        <dd data-testid="case-version">{doc.version}</dd>
        <dt>Opened by</dt>
        <dd>{doc.creator ?? "—"}</dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={doc.created}>{formatTime(doc.created)}</time>
        </dd>
        <dt>Last changed</dt>
        <dd>
          <time dateTime={doc.updated}>{formatTime(doc.updated)}</time>
        </dd>
      </dl>
    </section>
  );
}
