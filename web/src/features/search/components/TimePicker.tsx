// The time range: a relative preset (ending now), all time, or absolute/date-math bounds typed as the API
// takes them (2026-11-27T10:00Z, now-2h, now/d), checked before they are applied.
import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";

import { formatTime } from "../../../lib/format";
import { isValidTime, presetOf, RELATIVE_RANGES, resolveTime } from "../hooks/timeRange";

export interface TimePickerProps {
  start: string;
  end: string;
  onChange: (start: string, end: string) => void;
}

const ALL = "all";
const CUSTOM = "custom";

function describeBound(expression: string, open: string): string {
  if (!expression.trim()) return open;
  const ms = resolveTime(expression);
  if (ms === null) return expression;
  return expression.startsWith("now") ? `${expression} (${formatTime(new Date(ms).toISOString())})` : formatTime(new Date(ms).toISOString());
}

/** One bound of a custom range, marked invalid when the problem is about it ("From: …"). */
function BoundInput({
  label,
  value,
  placeholder,
  describedBy,
  problem,
  onChange,
}: {
  label: "From" | "To";
  value: string;
  placeholder: string;
  describedBy: string;
  problem: string | null;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="mono time-input"
        value={value}
        placeholder={placeholder}
        aria-describedby={describedBy}
        aria-invalid={problem?.startsWith(label) ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </>
  );
}

export function TimePicker({ start, end, onChange }: TimePickerProps) {
  const preset = presetOf(start, end);
  const current = preset ? preset.start : !start && !end ? ALL : CUSTOM;
  const [custom, setCustom] = useState(current === CUSTOM);
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(end);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { range: useId(), hint: useId(), problem: useId() };
  const describedBy = problem ? `${ids.hint} ${ids.problem}` : ids.hint;

  // a brush, a saved search or Back changes the range from outside: show it
  useEffect(() => {
    setFrom(start);
    setTo(end);
    setProblem(null);
    if (!presetOf(start, end) && (start || end)) setCustom(true);
  }, [start, end]);

  function choose(value: string) {
    if (value === CUSTOM) {
      setCustom(true);
      return;
    }
    setCustom(false);
    if (value === ALL) onChange("", "");
    else onChange(value, "now");
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const bad = [
      [from, "From"],
      [to, "To"],
    ].find(([value]) => !isValidTime(value as string));
    if (bad) {
      setProblem(`${bad[1]}: use ISO-8601 (2026-11-27T10:00:00Z; no zone means UTC) or date math (now-2h, now/d).`);
      return;
    }
    const low = resolveTime(from);
    const high = resolveTime(to);
    if (low !== null && high !== null && low >= high) {
      setProblem("From must be before To.");
      return;
    }
    setProblem(null);
    onChange(from.trim(), to.trim());
  }

  return (
    <div className="time-picker" role="group" aria-label="Search time">
      <label htmlFor={ids.range}>Time range</label>
      <select id={ids.range} value={custom ? CUSTOM : current} onChange={(event) => choose(event.target.value)}>
        {RELATIVE_RANGES.map((range) => (
          <option key={range.start} value={range.start}>
            {range.label}
          </option>
        ))}
        <option value={ALL}>All time</option>
        <option value={CUSTOM}>Custom range…</option>
      </select>
      {custom ? (
        <form className="inline-form" onSubmit={apply} aria-label="Custom time range">
          <BoundInput
            label="From"
            value={from}
            placeholder="now-24h"
            describedBy={describedBy}
            problem={problem}
            onChange={setFrom}
          />
          <BoundInput label="To" value={to} placeholder="now" describedBy={describedBy} problem={problem} onChange={setTo} />
          <button type="submit">Apply</button>
          <span id={ids.hint} className="hint">
            ISO-8601 (UTC unless a zone is given) or date math; empty: no bound.
          </span>
          {problem && (
            <span id={ids.problem} className="error" role="alert">
              {problem}
            </span>
          )}
        </form>
      ) : null}
      <span className="meta time-described">
        {start || end
          ? `${describeBound(start, "the beginning")} → ${describeBound(end, "now")}`
          : "All events, whenever they happened"}
      </span>
    </div>
  );
}
