// The list's filters. Choices apply at once; typed text applies on Enter or "Apply" (so the URL, which holds
// the filters, does not change on every key).
import { useEffect, useId, useState } from "react";

import { SEVERITIES, STATUSES } from "../api/alerts";
import { orderSeverities } from "../hooks/chart";
import { changeFilters, DEFAULT_FILTERS, hasFilters, RANGES } from "../hooks/filters";
import type { AlertFilters } from "../hooks/filters";
import { STATUS_LABELS } from "../hooks/labels";

function toggle<T>(values: T[], value: T, on: boolean): T[] {
  return on ? (values.includes(value) ? values : [...values, value]) : values.filter((item) => item !== value);
}

/** A fieldset of checkboxes, one a choice; ``onChange`` gets the choices ticked after a change. */
function Checkboxes<T extends string>({
  legend,
  choices,
  chosen,
  label = (choice) => choice,
  onChange,
}: {
  legend: string;
  choices: readonly T[];
  chosen: T[];
  label?: (choice: T) => string;
  onChange: (chosen: T[]) => void;
}) {
  return (
    <fieldset className="alert-choice">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice}>
          <input
            type="checkbox"
            checked={chosen.includes(choice)}
            onChange={(event) => onChange(toggle(chosen, choice, event.target.checked))}
          />{" "}
          {label(choice)}
        </label>
      ))}
    </fieldset>
  );
}

export function AlertFilterBar({
  filters,
  categories,
  severities,
  onChange,
}: {
  filters: AlertFilters;
  /** Categories seen in the range, offered as suggestions. */
  categories: string[];
  /** Severities seen in the range beyond the usual scale. */
  severities: string[];
  onChange: (next: AlertFilters) => void;
}) {
  const [q, setQ] = useState(filters.q);
  const [category, setCategory] = useState(filters.category);
  // the URL may change under the form (back button, a shared link)
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setCategory(filters.category), [filters.category]);
  const ids = { q: useId(), category: useId(), range: useId(), list: useId() };
  const severityChoices = orderSeverities([...SEVERITIES, ...severities, ...filters.severity]);

  return (
    <form
      className="alert-filters"
      role="search"
      aria-label="Alert filters"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(changeFilters(filters, { q: q.trim(), category: category.trim() }));
      }}
    >
      <div className="filters">
        <label htmlFor={ids.q}>Text</label>
        <input
          id={ids.q}
          type="search"
          value={q}
          placeholder="summary, category or rule"
          onChange={(event) => setQ(event.target.value)}
        />
        <label htmlFor={ids.category}>Category</label>
        <input
          id={ids.category}
          list={ids.list}
          value={category}
          autoComplete="off"
          onChange={(event) => setCategory(event.target.value)}
        />
        <datalist id={ids.list}>
          {categories.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit">Apply</button>
        <label htmlFor={ids.range}>Time range</label>
        <select
          id={ids.range}
          value={filters.range}
          onChange={(event) => onChange(changeFilters(filters, { range: event.target.value }))}
        >
          {RANGES.map((range) => (
            <option key={range.key} value={range.key}>
              {range.label}
            </option>
          ))}
        </select>
        {hasFilters(filters) && (
          <button type="button" onClick={() => onChange({ ...DEFAULT_FILTERS, range: filters.range })}>
            Clear filters
          </button>
        )}
      </div>
      <div className="filters">
        <Checkboxes
          legend="Severity"
          choices={severityChoices}
          chosen={filters.severity}
          onChange={(severity) => onChange(changeFilters(filters, { severity }))}
        />
        <Checkboxes
          legend="Status"
          choices={STATUSES}
          chosen={filters.status}
          label={(status) => STATUS_LABELS[status]}
          onChange={(status) => onChange(changeFilters(filters, { status }))}
        />
      </div>
    </form>
  );
}
