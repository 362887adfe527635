import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";

import "../incidents.css";
import { session } from "../../../api";
import { DataState } from "../../../components/DataState";
import { formatTime, relativeTime } from "../../../lib/format";
import { href, navigate, useLocation } from "../../../lib/router";
import { caseRoute, KINDS, PHASES, SEVERITIES } from "../api/cases";
import type { CaseKind } from "../api/cases";
import {
  filterFromParams,
  isFiltered,
  OPEN,
  OPENED_PRESETS,
  PAGE_SIZE,
  pageCount,
  pageRange,
  paramsOf,
  queryOf,
  SORTS,
} from "../hooks/listFilter";
import type { ListFilter } from "../hooks/listFilter";
import { useCaseList } from "../hooks/useCaseList";
import { PhaseBadge, SeverityBadge } from "./Badges";
import { NewCaseForm } from "./NewCaseForm";

/** The cases of one kind: filtered, paged, live; and a way to open a new one. */
export function CaseListScreen({ kind }: { kind: CaseKind }) {
  const info = KINDS[kind];
  const { params } = useLocation();
  const filter = filterFromParams(params);
  const list = useCaseList(kind, queryOf(filter));
  const me = session.get()?.user.name ?? null;
  const [creating, setCreating] = useState(false);
  const formId = useId();

  useEffect(() => {
    document.title = `${info.title} · MozDef`;
  }, [info.title]);

  function go(next: Partial<ListFilter>, keepPage = false) {
    const merged = { ...filter, ...next, page: keepPage ? (next.page ?? filter.page) : 1 };
    const query = paramsOf(merged);
    navigate(`${info.route}${query ? `?${query}` : ""}`, { replace: true });
  }

  const page = list.page;
  const pages = page ? pageCount(page.total) : 1;
  const change = list.lastChange;

  return (
    <main aria-labelledby="cases-title" className="case-list">
      <div className="page-head">
        <h1 id="cases-title">{info.title}</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={creating}
          aria-controls={creating ? formId : undefined}
          onClick={() => setCreating((open) => !open)}
        >
          New {info.noun}
        </button>
      </div>
      {creating && <NewCaseForm id={formId} kind={kind} me={me} onCancel={() => setCreating(false)} />}
      <Filters key={params.toString()} filter={filter} me={me} go={go} />
      {change && (
        <p className="hint live-note" role="status" aria-live="polite">
          Updated live: {change.actor ?? "the system"} {change.op} {change.ref ?? `an ${info.noun}`}{" "}
          {relativeTime(change.time)}.
        </p>
      )}
      <DataState
        what={info.title.toLowerCase()}
        loading={list.loading}
        error={list.error}
        data={page ?? undefined}
        onRetry={list.retry}
        isEmpty={(data) => data.cases.length === 0}
        empty={
          filter.page > 1 ? (
            <>
              Nothing on page {filter.page}.{" "}
              <button type="button" className="link-button" onClick={() => go({ page: 1 }, true)}>
                Go to the first page
              </button>
            </>
          ) : isFiltered(filter) ? (
            <>
              No {info.noun} matches these filters.{" "}
              <button type="button" className="link-button" onClick={() => navigate(info.route, { replace: true })}>
                Clear the filters
              </button>
            </>
          ) : (
            `No ${info.title.toLowerCase()} yet.`
          )
        }
      >
        {(data) => (
          <>
            <table className="grid case-table" aria-busy={list.loading} data-testid="case-list">
              <caption className="visually-hidden">
                {info.title}, {pageRange(filter.page, PAGE_SIZE, data.cases.length, data.total)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ref</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {data.cases.map((item) => (
                  <tr key={item.id} data-testid="case-row">
                    <td className="ref">{item.ref}</td>
                    <td>
                      <a href={href(caseRoute(kind, item.id))}>{item.summary}</a>
                      {(item.veris?.length ?? 0) + (item.tags?.length ?? 0) > 0 && (
                        <div className="meta">{[...(item.tags ?? []), ...(item.veris ?? [])].slice(0, 4).join(" · ")}</div>
                      )}
                    </td>
                    <td>
                      <SeverityBadge severity={item.severity} />
                    </td>
                    <td>
                      <PhaseBadge phase={item.phase} />
                    </td>
                    <td>{item.owner ?? <span className="hint">unassigned</span>}</td>
                    <td>
                      <time dateTime={item.dates?.opened ?? undefined}>{formatTime(item.dates?.opened) || "—"}</time>
                    </td>
                    <td>
                      <time dateTime={item.updated} title={formatTime(item.updated)}>
                        {relativeTime(item.updated)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={filter.page <= 1} onClick={() => go({ page: filter.page - 1 }, true)}>
                Previous page
              </button>
              <span>
                {pageRange(filter.page, PAGE_SIZE, data.cases.length, data.total)} · page {filter.page} of {pages}
              </span>
              <button type="button" disabled={filter.page >= pages} onClick={() => go({ page: filter.page + 1 }, true)}>
                Next page
              </button>
            </nav>
          </>
        )}
      </DataState>
    </main>
  );
}

/** The filter bar. Selects apply at once; the text fields when submitted. Everything lives in the URL. */
function Filters({ filter, me, go }: { filter: ListFilter; me: string | null; go: (next: Partial<ListFilter>) => void }) {
  const base = useId();
  const ids = {
    q: `${base}-q`,
    phase: `${base}-phase`,
    severity: `${base}-severity`,
    owner: `${base}-owner`,
    opened: `${base}-opened`,
    from: `${base}-from`,
    to: `${base}-to`,
    sort: `${base}-sort`,
  };
  const [q, setQ] = useState(filter.q);
  const [owner, setOwner] = useState(filter.owner);
  const phaseValue = filter.phase.join(",");
  const severityValue = filter.severity.join(",");
  const customPhase = phaseValue && phaseValue !== OPEN && filter.phase.length > 1;
  const customSeverity = filter.severity.length > 1 && severityValue !== "HIGH,CRITICAL";

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ q: q.trim(), owner: owner.trim() });
  }

  return (
    <form className="filters case-filters" role="search" aria-label="Filters" onSubmit={submit}>
      <span className="control">
        <label htmlFor={ids.q}>Text</label>
        <input id={ids.q} type="search" value={q} placeholder="words or a ref" onChange={(e) => setQ(e.target.value)} />
      </span>
      <span className="control">
        <label htmlFor={ids.phase}>Phase</label>
        <select
          id={ids.phase}
          value={phaseValue}
          onChange={(e) => go({ phase: e.target.value ? e.target.value.split(",") : [] })}
        >
          <option value="">Any phase</option>
          <option value={OPEN}>Open (not closed)</option>
          {PHASES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {customPhase && <option value={phaseValue}>{filter.phase.join(" or ")}</option>}
        </select>
      </span>
      <span className="control">
        <label htmlFor={ids.severity}>Severity</label>
        <select
          id={ids.severity}
          value={severityValue}
          onChange={(e) => go({ severity: e.target.value ? e.target.value.split(",") : [] })}
        >
          <option value="">Any severity</option>
          <option value="HIGH,CRITICAL">HIGH or CRITICAL</option>
          {SEVERITIES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {customSeverity && <option value={severityValue}>{filter.severity.join(" or ")}</option>}
        </select>
      </span>
      <span className="control">
        <label htmlFor={ids.owner}>Assignee</label>
        <input id={ids.owner} value={owner} size={12} placeholder="anyone" onChange={(e) => setOwner(e.target.value)} />
      </span>
      {me && (
        <button
          type="button"
          aria-pressed={filter.owner === me}
          onClick={() => go({ owner: filter.owner === me ? "" : me })}
        >
          Assigned to me
        </button>
      )}
      <span className="control">
        <label htmlFor={ids.opened}>Opened</label>
        <select id={ids.opened} value={filter.opened} onChange={(e) => go({ opened: e.target.value })}>
          <option value="">Any time</option>
          {OPENED_PRESETS.map((preset) => (
            <option key={preset.value} value={preset.value}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Between dates…</option>
        </select>
      </span>
      {filter.opened === "custom" && (
        <>
          <span className="control">
            <label htmlFor={ids.from}>From</label>
            <input id={ids.from} type="date" value={filter.from} onChange={(e) => go({ from: e.target.value })} />
          </span>
          <span className="control">
            <label htmlFor={ids.to}>To</label>
            <input id={ids.to} type="date" value={filter.to} onChange={(e) => go({ to: e.target.value })} />
          </span>
        </>
      )}
      <span className="control">
        <label htmlFor={ids.sort}>Sort</label>
        <select id={ids.sort} value={filter.sort} onChange={(e) => go({ sort: e.target.value })}>
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
      </span>
      <button type="submit">Filter</button>
      {(filter.tag || filter.veris || filter.creator) && (
        <ul className="chips" aria-label="More filters">
          {(["tag", "veris", "creator"] as const)
            .filter((key) => filter[key])
            .map((key) => (
              <li key={key} className="chip">
                <span>
                  {key === "veris" ? "VERIS" : key}: {filter[key]}
                </span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Stop filtering by ${key === "veris" ? "VERIS" : key} ${filter[key]}`}
                  onClick={() => go({ [key]: "" })}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
        </ul>
      )}
    </form>
  );
}
