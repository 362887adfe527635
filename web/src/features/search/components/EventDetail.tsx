// One event: its fields with the pivots on each value (filter for/out, search an address everywhere, put a
// value on the watchlist or blocklist), the alerts it is in the sample of, and its JSON to copy.
import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { href } from "../../../lib/router";
import { useAsync } from "../../../lib/useAsync";
import { addToList, getEvent, LIST_TYPES } from "../api/search";
import type { ListType, SearchIndex } from "../api/search";
import { flattenEvent } from "../hooks/eventFields";
import type { FieldValue } from "../hooks/eventFields";
import { guessListType, isIpAddress } from "../hooks/query";

export type DetailPivot = "for" | "out" | "everywhere";

export interface EventDetailProps {
  id: string;
  index: SearchIndex;
  onPivot: (pivot: DetailPivot, field: string, value: string) => void;
  onClose: () => void;
}

/** Long values make unwieldy button names; the visible row holds the whole value. */
function short(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function EventDetail({ id, index, onPivot, onClose }: EventDetailProps) {
  const { data, error, loading, reload } = useAsync((signal) => getEvent(id, index, signal), [id, index]);
  const titleId = useId();

  return (
    <section className="event-detail" aria-labelledby={titleId}>
      <div className="detail-head">
        <h2 id={titleId}>Event detail</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <DataState what="the event" loading={loading} error={error} data={data} onRetry={reload}>
        {(event) => (
          <>
            <p className="meta">
              <span className="mono">{event.id}</span> in <span className="mono">{event.index}</span>
            </p>
            <h3>Alerts</h3>
            {event.alerts && event.alerts.length > 0 ? (
              <ul className="plain">
                {event.alerts.map((alert) => (
                  <li key={alert}>
                    <a href={href(`/alerts/${encodeURIComponent(alert)}`)} className="mono">
                      {alert}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">No alert holds this event in its sample.</p>
            )}
            <h3>Fields</h3>
            <FieldTable values={flattenEvent(event.source)} onPivot={onPivot} />
            <JsonView source={event.source} />
          </>
        )}
      </DataState>
    </section>
  );
}

function FieldTable({ values, onPivot }: { values: FieldValue[]; onPivot: EventDetailProps["onPivot"] }) {
  if (values.length === 0) return <p className="empty">This event holds no fields.</p>;
  return (
    <table className="grid event-fields">
      <caption className="visually-hidden">Fields of the event, with actions on each value</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {values.map((entry, i) => (
          <FieldRow key={`${entry.field}\u0000${i}`} entry={entry} onPivot={onPivot} />
        ))}
      </tbody>
    </table>
  );
}

function FieldRow({ entry, onPivot }: { entry: FieldValue; onPivot: EventDetailProps["onPivot"] }) {
  const { field, value, kind } = entry;
  const [more, setMore] = useState(false);
  const moreId = useId();
  const ip = kind === "string" && isIpAddress(value);
  const listType = kind === "string" ? guessListType(field, value) : null;
  const name = `${field}: ${short(value)}`;
  return (
    <tr>
      <th scope="row" className="mono field-name">
        <BreakAtDots name={field} />
      </th>
      <td>
        <div className="field-value mono">{kind === "null" ? <span className="hint">null</span> : value}</div>
        {kind !== "null" && (
          <div className="pivots">
            <button type="button" aria-label={`Filter for ${name}`} onClick={() => onPivot("for", field, value)}>
              Filter for
            </button>
            <button type="button" aria-label={`Filter out ${name}`} onClick={() => onPivot("out", field, value)}>
              Filter out
            </button>
            {(ip || listType) && (
              <button
                type="button"
                aria-expanded={more}
                aria-controls={moreId}
                aria-label={`More actions on ${name}`}
                onClick={() => setMore((open) => !open)}
              >
                More…
              </button>
            )}
          </div>
        )}
        {more && (
          <div id={moreId} className="pivots more">
            {ip && (
              <button type="button" onClick={() => onPivot("everywhere", field, value)}>
                Search everywhere for {short(value, 45)}
              </button>
            )}
            {listType && <ListActions value={value} type={listType} />}
          </div>
        )}
      </td>
    </tr>
  );
}

/** A dotted path that may wrap after each dot, and nowhere else. */
function BreakAtDots({ name }: { name: string }) {
  const parts = name.split(".");
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </span>
      ))}
    </>
  );
}

type ListName = "watchlist" | "blocklist";
type Outcome = { ok: true; text: string } | { ok: false; text: string };

function ListActions({ value, type }: { value: string; type: ListType }) {
  const [list, setList] = useState<ListName | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <>
      <button type="button" aria-expanded={list === "watchlist"} onClick={() => setList(list === "watchlist" ? null : "watchlist")}>
        Add to watchlist
      </button>
      <button type="button" aria-expanded={list === "blocklist"} onClick={() => setList(list === "blocklist" ? null : "blocklist")}>
        Add to blocklist
      </button>
      {list && (
        <ListForm
          key={list}
          list={list}
          value={value}
          type={type}
          onDone={(result) => {
            setOutcome(result);
            if (result.ok) setList(null);
          }}
        />
      )}
      {outcome && (
        <p className={outcome.ok ? "list-ok" : "error"} role={outcome.ok ? "status" : "alert"}>
          {outcome.ok ? "✓ " : "✗ "}
          {outcome.text}
        </p>
      )}
    </>
  );
}

const EXPIRIES: readonly [label: string, value: string | null][] = [
  ["Never", null],
  ["24 hours", "24h"],
  ["7 days", "7d"],
  ["30 days", "30d"],
];

function ListForm({
  list,
  value,
  type: guessed,
  onDone,
}: {
  list: ListName;
  value: string;
  type: ListType;
  onDone: (outcome: Outcome) => void;
}) {
  const [type, setType] = useState<ListType>(guessed);
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState(list === "blocklist" ? "7d" : "");
  const [busy, setBusy] = useState(false);
  const ids = { type: useId(), reason: useId(), expires: useId() };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const entry = await addToList(list, {
        type,
        value,
        reason: reason.trim(),
        source: "search",
        expires: expires || null,
      });
      onDone({
        ok: true,
        text: entry.version > 1 ? `${entry.value} was on the ${list} already: refreshed.` : `Added ${entry.value} to the ${list}.`,
      });
    } catch (failure) {
      onDone({ ok: false, text: `Could not add ${value} to the ${list}: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="list-form" onSubmit={submit} aria-label={`Add ${short(value, 45)} to the ${list}`}>
      <label htmlFor={ids.type}>Type</label>
      <select id={ids.type} value={type} onChange={(event) => setType(event.target.value as ListType)}>
        {LIST_TYPES.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      <label htmlFor={ids.reason}>Reason</label>
      <input id={ids.reason} value={reason} required maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      <label htmlFor={ids.expires}>Expires</label>
      <select id={ids.expires} value={expires} onChange={(event) => setExpires(event.target.value)}>
        {EXPIRIES.map(([label, after]) => (
          <option key={label} value={after ?? ""}>
            {label}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy || !reason.trim()}>
        Add to {list}
      </button>
    </form>
  );
}

function JsonView({ source }: { source: Record<string, unknown> }) {
  const text = JSON.stringify(source, null, 2);
  const [copied, setCopied] = useState<string | null>(null);
  const preId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied the JSON.");
    } catch {
      // no clipboard (a plain-http origin, or refused): select the text for a manual copy instead
      const element = document.getElementById(preId);
      const selection = window.getSelection();
      if (element && selection) {
        const range = document.createRange();
        range.selectNodeContents(element);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied("The clipboard is not available: the JSON is selected, copy it with Ctrl+C.");
    }
  }

  return (
    <>
      <div className="detail-head">
        <h3>JSON</h3>
        <button type="button" onClick={() => void copy()}>
          Copy JSON
        </button>
        <span role="status" className="meta">
          {copied}
        </span>
      </div>
      <pre id={preId} className="event-json mono" tabIndex={0} aria-label="The event as JSON">
        {text}
      </pre>
    </>
  );
}
