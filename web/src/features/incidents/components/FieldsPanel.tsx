import { Fragment } from "react";

import type { Incident } from "../api/incidents";
import { formatTime } from "./IncidentListScreen";

const DATE_NAMES = ["opened", "reported", "verified", "mitigated", "contained", "closed"] as const;

function Items<T extends { id: string }>({ items, show }: { items: T[] | undefined; show: (item: T) => string }) {
  if (!items || items.length === 0) return <span className="hint">none</span>;
  return (
    <ul className="plain">
      {items.map((item) => (
        <li key={item.id}>{show(item)}</li>
      ))}
    </ul>
  );
}

/** Every field of the incident that is not edited elsewhere on the page. */
export function FieldsPanel({ incident }: { incident: Incident }) {
  const dates = incident.dates as Partial<Record<(typeof DATE_NAMES)[number], string | null>>;
  return (
    <section className="panel" aria-label="Details">
      <dl className="fields">
        <dt>Reference</dt>
        <dd>{incident.ref}</dd>
        <dt>Version</dt>
        <dd>{incident.version}</dd>
        <dt>Creator</dt>
        <dd>{incident.creator ?? "—"}</dd>
        <dt>Owner</dt>
        <dd>{incident.owner ?? "unassigned"}</dd>
        {DATE_NAMES.map((name) => (
          <Fragment key={name}>
            <dt>{name[0]?.toUpperCase() + name.slice(1)}</dt>
            <dd>{formatTime(dates[name])}</dd>
          </Fragment>
        ))}
        <dt>Tags</dt>
        <dd>{incident.tags?.length ? incident.tags.join(", ") : <span className="hint">none</span>}</dd>
        <dt>References</dt>
        <dd>
          {incident.references?.length ? (
            <ul className="plain">
              {incident.references.map((url) => (
                <li key={url}>
                  <a href={url} rel="noreferrer noopener" target="_blank">
                    {url}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <span className="hint">none</span>
          )}
        </dd>
        <dt>VERIS</dt>
        <dd>{incident.veris?.length ? incident.veris.join(", ") : <span className="hint">none</span>}</dd>
        <dt>Theories</dt>
        <dd>
          <Items items={incident.theories} show={(t) => `${t.text} (${t.status})`} />
        </dd>
        <dt>Mitigations</dt>
        <dd>
          <Items
            items={incident.mitigations}
            show={(m) => `${m.text} (${m.status}${m.temporary ? ", temporary" : ""})`}
          />
        </dd>
        <dt>Lessons</dt>
        <dd>
          <Items items={incident.lessons} show={(l) => l.text} />
        </dd>
        <dt>Evidence</dt>
        <dd>
          <Items items={incident.evidence} show={(e) => `${e.description}${e.location ? ` — ${e.location}` : ""}`} />
        </dd>
        <dt>Links</dt>
        <dd>
          <Items items={incident.links} show={(l) => `${l.kind} ${l.target}${l.note ? ` — ${l.note}` : ""}`} />
        </dd>
      </dl>
    </section>
  );
}
