// Every rule the alerter runs, whatever its source: filters in the URL, a switch per rule, and a new-rule
// editor. The list loads once and is filtered here (the text and failing filters are not the API's).
import { useEffect, useId, useState } from "react";

import { DataState } from "../../../components/DataState";
import { formatTime } from "../../../lib/format";
import { href, navigate, useLocation } from "../../../lib/router";
import type { LoadError, Rule } from "../api/rules";
import {
  applyFilter,
  filterFromParams,
  isFiltered,
  NO_FILTER,
  rulesPath,
  SOURCE_FILTERS,
  TYPE_FILTERS,
} from "../hooks/filters";
import type { RuleFilter } from "../hooks/filters";
import { hitsLabel, runState, SOURCE_NAMES, sourceLabel, TYPE_NAMES, typeLabel } from "../hooks/labels";
import { NEW_RULE_TEMPLATE } from "../hooks/ruleText";
import { useIsAdmin } from "../hooks/useIsAdmin";
import { useRuleList } from "../hooks/useRuleList";
import { HealthBadge, SeverityBadge } from "./Badges";
import { EnabledSwitch } from "./EnabledSwitch";
import { RuleEditor } from "./RuleEditor";
import "../rules.css";

export function RulesScreen() {
  const { params } = useLocation();
  const filter = filterFromParams(params);
  const admin = useIsAdmin();
  const { list, loading, error, reload, switching, switchErrors, setEnabled } = useRuleList();
  const [creating, setCreating] = useState(false);

  const go = (changes: Partial<RuleFilter>) => navigate(rulesPath({ ...filter, ...changes }), { replace: true });
  const shown = list ? applyFilter(list.rules, filter) : [];

  return (
    <main aria-labelledby="rules-title" className="rules">
      <div className="page-head">
        <h1 id="rules-title">Rules</h1>
        {!creating && (
          <button
            type="button"
            className="primary"
            onClick={() => setCreating(true)}
            disabled={!admin}
            title={admin ? undefined : "Creating rules needs the admin role"}
          >
            New rule
          </button>
        )}
      </div>
      {creating && (
        <RuleEditor
          mode="create"
          initialText={NEW_RULE_TEMPLATE}
          onCancel={() => setCreating(false)}
          onSaved={(rule) => navigate(`/rules/${encodeURIComponent(rule.id)}`)}
        />
      )}
      <Filters filter={filter} onChange={go} />
      {list && list.errors.length > 0 && <LoadErrors errors={list.errors} />}
      <DataState what="rules" loading={loading} error={error} data={list} onRetry={reload}>
        {(data) => (
          <>
            <p className="hint" role="status" aria-live="polite">
              {isFiltered(filter)
                ? `${shown.length} of ${data.rules.length} rules match these filters.`
                : `${data.rules.length} rule${data.rules.length === 1 ? "" : "s"}, ${data.rules.filter((r) => r.enabled).length} enabled.`}
              {!admin && " Switching rules on or off needs the admin role."}
            </p>
            {shown.length === 0 ? (
              <p className="empty">
                {isFiltered(filter) ? (
                  <>
                    No rule matches these filters.{" "}
                    <button type="button" className="link-button" onClick={() => navigate("/rules", { replace: true })}>
                      Clear filters
                    </button>
                  </>
                ) : (
                  "No rules are loaded."
                )}
              </p>
            ) : (
              <RuleTable
                rules={shown}
                busy={loading}
                admin={admin}
                switching={switching}
                switchErrors={switchErrors}
                onSwitch={(rule, enabled) => void setEnabled(rule, enabled)}
              />
            )}
          </>
        )}
      </DataState>
    </main>
  );
}

function Filters({ filter, onChange }: { filter: RuleFilter; onChange: (changes: Partial<RuleFilter>) => void }) {
  const ids = { text: useId(), source: useId(), type: useId(), enabled: useId(), failing: useId() };
  // the text box follows the URL (back/forward) but keeps the analyst's spaces while typing
  const [text, setText] = useState(filter.text);
  useEffect(() => {
    setText((current) => (current.trim() === filter.text.trim() ? current : filter.text));
  }, [filter.text]);
  const unknownType = filter.type !== "" && !(TYPE_FILTERS as readonly string[]).includes(filter.type);
  return (
    <form className="filters" role="search" aria-label="Filter rules" onSubmit={(event) => event.preventDefault()}>
      <span className="rules-field">
        <label htmlFor={ids.text}>Text</label>
        <input
          id={ids.text}
          type="search"
          value={text}
          placeholder="id, name, tag, file…"
          onChange={(event) => {
            setText(event.target.value);
            onChange({ text: event.target.value });
          }}
        />
      </span>
      <span className="rules-field">
        <label htmlFor={ids.source}>Source</label>
        <select
          id={ids.source}
          value={filter.source}
          onChange={(event) => onChange({ source: event.target.value as RuleFilter["source"] })}
        >
          <option value="">All sources</option>
          {SOURCE_FILTERS.map((source) => (
            <option key={source} value={source}>
              {SOURCE_NAMES[source]}
            </option>
          ))}
        </select>
      </span>
      <span className="rules-field">
        <label htmlFor={ids.type}>Type</label>
        <select id={ids.type} value={filter.type} onChange={(event) => onChange({ type: event.target.value })}>
          <option value="">All types</option>
          {TYPE_FILTERS.map((type) => (
            <option key={type} value={type}>
              {TYPE_NAMES[type]}
            </option>
          ))}
          {unknownType && <option value={filter.type}>{filter.type}</option>}
        </select>
      </span>
      <span className="rules-field">
        <label htmlFor={ids.enabled}>State</label>
        <select
          id={ids.enabled}
          value={filter.enabled}
          onChange={(event) => onChange({ enabled: event.target.value as RuleFilter["enabled"] })}
        >
          <option value="">On and off</option>
          <option value="on">Enabled</option>
          <option value="off">Disabled</option>
        </select>
      </span>
      <span className="rules-check">
        <input
          id={ids.failing}
          type="checkbox"
          checked={filter.failing}
          onChange={(event) => onChange({ failing: event.target.checked })}
        />
        <label htmlFor={ids.failing}>Failing only</label>
      </span>
      {isFiltered(filter) && (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function LoadErrors({ errors }: { errors: LoadError[] }) {
  const id = useId();
  return (
    <section className="rules-load-errors" aria-labelledby={id}>
      <h2 id={id}>
        <span aria-hidden="true">⚠ </span>
        {errors.length === 1 ? "1 rule did not load" : `${errors.length} rules did not load`}
      </h2>
      <ul>
        {errors.map((error, index) => (
          <li key={`${error.origin}-${index}`}>
            <code className="mono">{error.origin}</code>
            {error.rule_id && (
              <>
                {" "}
                (<code>{error.rule_id}</code>)
              </>
            )}
            : {error.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RuleTable({
  rules,
  busy,
  admin,
  switching,
  switchErrors,
  onSwitch,
}: {
  rules: Rule[];
  busy: boolean;
  admin: boolean;
  switching: ReadonlySet<string>;
  switchErrors: Readonly<Record<string, string>>;
  onSwitch: (rule: Rule, enabled: boolean) => void;
}) {
  const now = Date.now();
  return (
    <div className="rules-scroll">
      <table className="grid rules-table" aria-label="Rules" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">Enabled</th>
            <th scope="col">Rule</th>
            <th scope="col">Source</th>
            <th scope="col">Type</th>
            <th scope="col">Severity</th>
            <th scope="col">Last run</th>
            <th scope="col">Hits</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const state = runState(rule, now);
            const last = rule.runs?.last_run ?? rule.runs?.last_hit ?? null;
            const problem = switchErrors[rule.id];
            const errorId = `rule-switch-error-${rule.id}`;
            return (
              <tr key={rule.id} className={rule.enabled ? undefined : "rule-off"}>
                <td>
                  <EnabledSwitch
                    enabled={rule.enabled}
                    label={`Enabled: ${rule.name}`}
                    busy={switching.has(rule.id)}
                    disabled={!admin}
                    describedBy={problem ? errorId : undefined}
                    onChange={(enabled) => onSwitch(rule, enabled)}
                  />
                  {rule.overridden && <div className="meta">override</div>}
                  {problem && (
                    <div id={errorId} className="error rules-switch-error" role="alert">
                      {problem}
                    </div>
                  )}
                </td>
                <td>
                  <a href={href(`/rules/${encodeURIComponent(rule.id)}`)}>{rule.name}</a>
                  <div className="meta mono">{rule.id}</div>
                </td>
                <td>
                  {sourceLabel(rule)}
                  <div className="meta mono rules-origin" title={rule.origin}>
                    {rule.origin}
                  </div>
                </td>
                <td>{typeLabel(rule)}</td>
                <td>
                  <SeverityBadge severity={rule.severity} />
                </td>
                <td>
                  {last ? (
                    <time dateTime={last} title={formatTime(last)}>
                      {state.when}
                    </time>
                  ) : (
                    <span className="meta">—</span>
                  )}
                </td>
                <td>{hitsLabel(rule.runs)}</td>
                <td>
                  <HealthBadge state={state} />
                  {state.health === "failing" && state.error && <div className="meta rules-error">{state.error}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
