import { useId, useState } from "react";
import type { FormEvent } from "react";

import { DataState } from "../../../components/DataState";
import { formatTime } from "../../../lib/format";
import { href, navigate } from "../../../lib/router";
import { useAsync } from "../../../lib/useAsync";
import { listAudit } from "../api/admin";
import { isForbidden } from "../hooks/access";
import {
  auditQuery,
  describeDetails,
  EMPTY_FILTERS,
  filtersFromParams,
  KNOWN_ACTIONS,
  PAGE_SIZES,
  pageInfo,
  paramsFromFilters,
} from "../hooks/audit";
import type { AuditFilters } from "../hooks/audit";
import { localInputValue, parseLocalDateTime } from "../hooks/expiry";
import { tabPath } from "../hooks/tabs";
import { AdminOnly, Pager } from "./Controls";

function go(filters: AuditFilters): void {
  navigate(tabPath("audit", paramsFromFilters(filters)));
}

function linkTo(change: Partial<AuditFilters>): string {
  return href(tabPath("audit", paramsFromFilters({ ...EMPTY_FILTERS, ...change })));
}

/** An ISO time as a datetime-local input shows it (this browser's zone); "" for none. */
function toInput(iso: string): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "" : localInputValue(new Date(time));
}

function fromInput(text: string): string {
  const date = text ? parseLocalDateTime(text) : null;
  return date ? date.toISOString() : "";
}

/** The audit log: every sign-in and every change, newest first, filtered and paged through the URL. */
export function AuditTab({ params, me }: { params: URLSearchParams; me: { name: string } }) {
  const filters = filtersFromParams(params);
  const key = paramsFromFilters(filters).toString();
  const page = useAsync((signal) => listAudit(auditQuery(filters), signal), [key]);

  if (isForbidden(page.error)) return <AdminOnly name={me.name} />;

  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">Audit log</h2>
      {/* keyed by the URL: going back to other filters shows them in the form too */}
      <AuditFilterForm key={key} filters={filters} />
      <DataState
        what="the audit log"
        loading={page.loading}
        error={page.error}
        data={page.data}
        onRetry={page.reload}
        isEmpty={(answer) => answer.records.length === 0}
        empty={key ? "No audit record matches these filters." : "The audit log is empty."}
      >
        {(answer) => {
          const info = pageInfo(filters.offset, filters.size, answer.records.length, answer.total);
          return (
            <>
              <table className="grid admin-table" aria-label="Audit log" aria-busy={page.loading}>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Action</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Target</th>
                    <th scope="col">Source address</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.records.map((record) => (
                    <tr key={record.id}>
                      <td className="admin-nowrap">
                        <time dateTime={record.created}>{formatTime(record.created)}</time>
                      </td>
                      <td className="admin-nowrap">
                        <a href={linkTo({ action: record.action })} title={`Only ${record.action}`}>
                          {record.action}
                        </a>
                      </td>
                      <td>
                        {record.actor ? (
                          <a href={linkTo({ actor: record.actor })} title={`Only what ${record.actor} did`}>
                            {record.actor}
                          </a>
                        ) : (
                          <span className="meta">—</span>
                        )}
                        {record.role && <span className="meta"> ({record.role})</span>}
                      </td>
                      <td className="admin-wrap">
                        {record.target ? (
                          <a href={linkTo({ target: record.target })} title={`Only records about ${record.target}`}>
                            {record.target}
                          </a>
                        ) : (
                          <span className="meta">—</span>
                        )}
                      </td>
                      <td className="mono">{record.source ?? "—"}</td>
                      <td>
                        <span className={`badge ${record.outcome === "ok" ? "admin-state-on" : "admin-state-off"}`}>
                          {record.outcome}
                        </span>
                      </td>
                      <td className="admin-details admin-wrap">{describeDetails(record.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                what="records"
                one="record"
                from={info.from}
                to={info.to}
                total={answer.total}
                onPrevious={info.previous === null ? null : () => go({ ...filters, offset: info.previous ?? 0 })}
                onNext={info.next === null ? null : () => go({ ...filters, offset: info.next ?? 0 })}
              />
            </>
          );
        }}
      </DataState>
    </section>
  );
}

function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const [actor, setActor] = useState(filters.actor);
  const [action, setAction] = useState(filters.action);
  const [target, setTarget] = useState(filters.target);
  const [start, setStart] = useState(toInput(filters.start));
  const [end, setEnd] = useState(toInput(filters.end));
  const [size, setSize] = useState(filters.size);
  const id = useId();
  const ids = {
    actor: `${id}-actor`,
    action: `${id}-action`,
    actions: `${id}-actions`,
    target: `${id}-target`,
    start: `${id}-start`,
    end: `${id}-end`,
    size: `${id}-size`,
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    go({
      actor: actor.trim(),
      action: action.trim(),
      target: target.trim(),
      start: fromInput(start),
      end: fromInput(end),
      size,
      offset: 0, // new filters start at the newest record
    });
  }

  const filtered = Boolean(filters.actor || filters.action || filters.target || filters.start || filters.end);
  return (
    <form className="filters admin-audit-filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
      <label htmlFor={ids.actor}>Actor</label>
      <input id={ids.actor} value={actor} onChange={(event) => setActor(event.target.value)} placeholder="alice or apikey:beats" />
      <label htmlFor={ids.action}>Action</label>
      <input
        id={ids.action}
        list={ids.actions}
        value={action}
        onChange={(event) => setAction(event.target.value)}
        placeholder="auth.login"
      />
      <datalist id={ids.actions}>
        {KNOWN_ACTIONS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <label htmlFor={ids.target}>Target</label>
      <input id={ids.target} value={target} onChange={(event) => setTarget(event.target.value)} />
      <label htmlFor={ids.start}>From</label>
      <input id={ids.start} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} />
      <label htmlFor={ids.end}>To</label>
      <input id={ids.end} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} />
      <label htmlFor={ids.size}>Per page</label>
      <select id={ids.size} value={size} onChange={(event) => setSize(Number(event.target.value))}>
        {(PAGE_SIZES as readonly number[]).includes(size) ? null : <option value={size}>{size}</option>}
        {PAGE_SIZES.map((count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </select>
      <button type="submit" className="primary">
        Apply filters
      </button>
      {filtered && (
        <a className="button" href={href(tabPath("audit"))}>
          Clear filters
        </a>
      )}
      <span className="hint">Actor, action and target match exactly.</span>
    </form>
  );
}
