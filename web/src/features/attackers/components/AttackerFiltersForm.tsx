import { useId, useState } from "react";

import { PHASES } from "../api/attackers";
import { DEFAULT_FILTERS, isFiltered, PAGE_SIZES } from "../hooks/filters";
import type { AttackerFilters, SortKey } from "../hooks/filters";

const SINCE_CHOICES: { value: string; label: string }[] = [
  { value: "", label: "Any time" },
  { value: "now-1h", label: "Last hour" },
  { value: "now-24h", label: "Last 24 hours" },
  { value: "now-7d", label: "Last 7 days" },
  { value: "now-30d", label: "Last 30 days" },
];

/**
 * The list's filters. Choices apply at once; typed text applies on Enter or "Apply", so each keystroke
 * does not reload the list. ``categories`` suggests the categories seen in the current answer.
 */
export function AttackerFiltersForm({
  filters,
  categories,
  onChange,
}: {
  filters: AttackerFilters;
  categories: string[];
  onChange: (change: Partial<AttackerFilters>) => void;
}) {
  const [text, setText] = useState({
    q: filters.q,
    tag: filters.tag,
    minScore: filters.minScore === null ? "" : String(filters.minScore),
    category: filters.category,
    country: filters.country,
  });
  const ids = {
    q: useId(),
    tag: useId(),
    minScore: useId(),
    phase: useId(),
    category: useId(),
    categories: useId(),
    country: useId(),
    since: useId(),
    size: useId(),
    sort: useId(),
  };
  const since = SINCE_CHOICES.some((choice) => choice.value === filters.since)
    ? SINCE_CHOICES
    : [...SINCE_CHOICES, { value: filters.since, label: filters.since }];

  function apply() {
    const score = Number(text.minScore);
    onChange({
      q: text.q.trim(),
      tag: text.tag.trim(),
      minScore: text.minScore.trim() !== "" && Number.isFinite(score) && score > 0 ? score : null,
      category: text.category.trim(),
      country: text.country.trim().toUpperCase(),
    });
  }

  return (
    <form
      className="filters attackers-filters"
      role="search"
      aria-label="Filter attackers"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <span className="field">
        <label htmlFor={ids.q}>Text</label>
        <input
          id={ids.q}
          type="search"
          value={text.q}
          placeholder="address, name, tag, note"
          onChange={(event) => setText({ ...text, q: event.target.value })}
        />
      </span>
      <span className="field">
        <label htmlFor={ids.tag}>Tag</label>
        <input id={ids.tag} value={text.tag} size={10} onChange={(event) => setText({ ...text, tag: event.target.value })} />
      </span>
      <span className="field">
        <label htmlFor={ids.minScore}>Minimum score</label>
        <input
          id={ids.minScore}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          className="narrow"
          value={text.minScore}
          onChange={(event) => setText({ ...text, minScore: event.target.value })}
        />
      </span>
      <span className="field">
        <label htmlFor={ids.category}>Category</label>
        <input
          id={ids.category}
          list={ids.categories}
          size={12}
          value={text.category}
          onChange={(event) => setText({ ...text, category: event.target.value })}
        />
        <datalist id={ids.categories}>
          {categories.map((category) => (
            <option key={category} value={category} />
          ))}
        </datalist>
      </span>
      <span className="field">
        <label htmlFor={ids.country}>Country</label>
        <input
          id={ids.country}
          size={4}
          maxLength={8}
          value={text.country}
          placeholder="DE"
          onChange={(event) => setText({ ...text, country: event.target.value })}
        />
      </span>
      <button type="submit">Apply</button>
      <span className="field">
        <label htmlFor={ids.phase}>Phase</label>
        <select
          id={ids.phase}
          value={filters.phase}
          onChange={(event) => onChange({ phase: event.target.value as AttackerFilters["phase"] })}
        >
          <option value="">Any phase</option>
          {PHASES.map((phase) => (
            <option key={phase} value={phase}>
              {phase}
            </option>
          ))}
        </select>
      </span>
      <span className="field">
        <label htmlFor={ids.since}>Seen</label>
        <select id={ids.since} value={filters.since} onChange={(event) => onChange({ since: event.target.value })}>
          {since.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </span>
      <span className="field">
        <label htmlFor={ids.sort}>Order</label>
        <select id={ids.sort} value={filters.sort} onChange={(event) => onChange({ sort: event.target.value as SortKey })}>
          <option value="score">Highest score first</option>
          <option value="last_seen">Latest seen first</option>
        </select>
      </span>
      {filters.view === "table" && (
        <span className="field">
          <label htmlFor={ids.size}>Per page</label>
          <select id={ids.size} value={filters.size} onChange={(event) => onChange({ size: Number(event.target.value) })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </span>
      )}
      {isFiltered(filters) && (
        <button
          type="button"
          onClick={() => {
            setText({ q: "", tag: "", minScore: "", category: "", country: "" });
            onChange({ ...DEFAULT_FILTERS, sort: filters.sort, size: filters.size, view: filters.view });
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
