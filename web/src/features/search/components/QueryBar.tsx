// The query input with field-name completion (the ARIA 1.2 combobox pattern: the list opens as the analyst
// types a field name, arrows move through it, Enter or Tab accepts, Escape closes), the index choice, the
// Search button, the syntax help and, when the API refused the query, the problem shown where it is.
import { useId, useLayoutEffect, useRef, useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";

import type { FieldInfo, SearchIndex } from "../api/search";
import { acceptField, rankFields, tokenAt } from "../hooks/autocomplete";
import { errorExcerpt } from "../hooks/query";
import { INDICES } from "../hooks/urlState";
import { SyntaxHelp } from "./SyntaxHelp";

const INDEX_LABELS: Record<SearchIndex, string> = { events: "Events", alerts: "Alerts", deadletter: "Dead letters" };

/** What the API said about the query that ran: a syntax error has a position in it. */
export interface QueryProblem {
  query: string;
  reason: string;
  position: number | null;
}

export interface QueryBarProps {
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  fields: readonly FieldInfo[];
  index: SearchIndex;
  onIndexChange: (index: SearchIndex) => void;
  problem: QueryProblem | null;
  busy: boolean;
}

export function QueryBar({ value, onChange, onSubmit, fields, index, onIndexChange, problem, busy }: QueryBarProps) {
  const input = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [active, setActive] = useState(-1);
  const ids = { input: useId(), list: useId(), problem: useId(), index: useId(), hint: useId() };

  const token = tokenAt(value, caret);
  const options = token && (token.prefix || showAll) ? rankFields(fields, token.prefix) : [];
  const expanded = open && options.length > 0;
  const optionId = (i: number) => `${ids.list}-option-${i}`;

  // after accepting a field, put the caret after the inserted "name:" once React has written the value
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = null;
  }, [value]);

  function close() {
    setOpen(false);
    setShowAll(false);
    setActive(-1);
  }

  function accept(option: FieldInfo) {
    if (!token) return;
    const next = acceptField(value, token, option.name);
    pendingCaret.current = next.caret;
    onChange(next.text);
    close();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!expanded) {
        setOpen(true);
        if (token && !token.prefix) setShowAll(true);
        setActive(0);
      } else {
        setActive((current) => (current + 1) % options.length);
      }
    } else if (event.key === "ArrowUp" && expanded) {
      event.preventDefault();
      setActive((current) => (current <= 0 ? options.length - 1 : current - 1));
    } else if ((event.key === "Enter" || event.key === "Tab") && expanded && active >= 0) {
      // Enter with nothing chosen in the list runs the search (the form submits)
      event.preventDefault();
      const option = options[active];
      if (option) accept(option);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" || event.key === "Tab") {
      close();
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    close();
    onSubmit();
  }

  function showProblem() {
    const element = input.current;
    if (!element || !problem || problem.position === null || problem.query !== value) {
      element?.focus();
      return;
    }
    element.focus();
    element.setSelectionRange(problem.position, Math.min(problem.position + 1, value.length));
  }

  const excerpt = problem && problem.position !== null ? errorExcerpt(problem.query, problem.position) : null;

  return (
    <form className="query-bar" role="search" aria-label="Search events" onSubmit={submit}>
      <div className="query-row">
        <div className="query-field">
        <label htmlFor={ids.index}>Index</label>
        <select id={ids.index} value={index} onChange={(event) => onIndexChange(event.target.value as SearchIndex)}>
          {INDICES.map((name) => (
            <option key={name} value={name}>
              {INDEX_LABELS[name]}
            </option>
          ))}
        </select>
        </div>
        <div className="query-field grow">
          <label htmlFor={ids.input}>Query</label>
          <div className="combobox">
            <input
              ref={input}
              id={ids.input}
              className="mono"
              type="text"
              role="combobox"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="* (everything), e.g. hostname:web1 AND NOT severity:DEBUG"
              value={value}
              aria-expanded={expanded}
              aria-controls={ids.list}
              aria-autocomplete="list"
              aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${ids.problem} ${ids.hint}` : ids.hint}
              onChange={(event) => {
                onChange(event.target.value);
                setCaret(event.target.selectionStart ?? event.target.value.length);
                setOpen(true);
                setShowAll(false);
                setActive(-1);
              }}
              onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
              onKeyDown={onKeyDown}
              onBlur={close}
            />
            <ul id={ids.list} role="listbox" aria-label="Fields" className="suggestions" hidden={!expanded}>
              {expanded &&
                options.map((option, i) => (
                  <li
                    key={option.name}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active" : undefined}
                    // keep the focus in the input: a click must not blur it (which closes the list)
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => accept(option)}
                  >
                    <span className="mono">{option.name}</span> <span className="meta">{option.type}</span>
                  </li>
                ))}
            </ul>
          </div>
        </div>
        <button type="submit" className="primary" aria-busy={busy}>
          Search
        </button>
      </div>
      <p id={ids.hint} className="visually-hidden">
        Field names are suggested as you type; use the arrow keys to choose one and Enter or Tab to accept it.
      </p>
      {problem && (
        <div id={ids.problem} className="query-problem" role="alert">
          <p className="error">
            {problem.position === null
              ? `The search cannot run: ${problem.reason}`
              : `Syntax error at character ${problem.position + 1}: ${problem.reason}`}
          </p>
          {excerpt && (
            <pre className="query-pointer mono" aria-hidden="true">
              {excerpt.text}
              {"\n"}
              {" ".repeat(excerpt.column)}^
            </pre>
          )}
          {problem.position !== null && (
            <button type="button" className="link-button" onClick={showProblem}>
              Go to the error in the query
            </button>
          )}
        </div>
      )}
      <SyntaxHelp />
    </form>
  );
}
