import { useId, useMemo, useRef, useState } from "react";

import { DataState } from "../../../components/DataState";
import { useVerisTree } from "../hooks/useReference";
import { filterVeris, flattenGroups, groupVeris, moveActive, toggleTag, verisLabel, verisOptions } from "../hooks/veris";
import type { VerisOption } from "../hooks/veris";

interface VerisPickerProps {
  tags: string[];
  disabled: boolean;
  /** The list of cases carrying a tag. */
  linkOf?: (tag: string) => string;
  onChange: (tags: string[]) => void;
}

/**
 * The case's VERIS tags as removable chips, and a searchable, grouped list of the enumerations to add from:
 * an ARIA combobox over a multi-select listbox (selected = tagged). Arrow keys move, Enter adds or removes,
 * Escape closes, Backspace in the empty field removes the last tag.
 */
export function VerisPicker({ tags, disabled, linkOf, onChange }: VerisPickerProps) {
  const tree = useVerisTree();
  return (
    <fieldset className="veris-picker">
      <legend>VERIS categories</legend>
      <Chips tags={tags} disabled={disabled} linkOf={linkOf} onChange={onChange} />
      <DataState what="the VERIS enumerations" loading={tree.loading} error={tree.error} data={tree.data} onRetry={tree.reload}>
        {(data) => <VerisSearch tree={data} tags={tags} disabled={disabled} onChange={onChange} />}
      </DataState>
    </fieldset>
  );
}

function Chips({ tags, disabled, linkOf, onChange }: VerisPickerProps) {
  if (tags.length === 0) return <p className="empty">No VERIS tags yet.</p>;
  return (
    <ul className="chips" aria-label="VERIS tags">
      {tags.map((tag) => (
        <li key={tag} className="chip" title={tag} data-testid="veris-tag">
          {linkOf ? <a href={linkOf(tag)}>{verisLabel(tag)}</a> : <span>{verisLabel(tag)}</span>}
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove VERIS tag ${verisLabel(tag)}`}
            disabled={disabled}
            onClick={() => onChange(tags.filter((t) => t !== tag))}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function VerisSearch({
  tree,
  tags,
  disabled,
  onChange,
}: Omit<VerisPickerProps, "linkOf"> & { tree: unknown }) {
  const base = useId();
  const ids = { input: `${base}-input`, list: `${base}-list`, hint: `${base}-hint` };
  const options = useMemo(() => verisOptions(tree), [tree]);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => groupVeris(filterVeris(options, query)), [options, query]);
  const shown = useMemo(() => flattenGroups(groups), [groups]);
  const optionId = (index: number) => `${base}-opt-${index}`;
  const activeOption = active >= 0 ? shown[active] : undefined;

  function scrollTo(index: number) {
    const node = document.getElementById(optionId(index));
    node?.scrollIntoView({ block: "nearest" });
  }

  function choose(option: VerisOption) {
    onChange(toggleTag(tags, option.path));
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else if (query) setQuery("");
      return;
    }
    if (event.key === "Enter") {
      if (open && activeOption) {
        event.preventDefault();
        choose(activeOption);
      }
      return;
    }
    if (event.key === "Backspace" && query === "" && tags.length > 0) {
      onChange(tags.slice(0, -1));
      return;
    }
    // Home/End move the caret unless the list is open
    if ((event.key === "Home" || event.key === "End") && !open) return;
    const next = moveActive(event.key, active, shown.length);
    if (next !== null) {
      event.preventDefault();
      setOpen(true);
      setActive(next);
      scrollTo(next);
    }
  }

  let index = -1;
  return (
    <div className="veris-search">
      <label htmlFor={ids.input}>Find a VERIS tag</label>
      <input
        id={ids.input}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={ids.list}
        aria-autocomplete="list"
        aria-activedescendant={open && activeOption ? optionId(active) : undefined}
        aria-describedby={ids.hint}
        placeholder="e.g. phishing, brute force, web application"
        disabled={disabled}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          setActive(event.target.value.trim() ? 0 : -1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <span id={ids.hint} className="hint">
        Type to search. ↑ ↓ move, Enter adds or removes, Esc closes.
        {open ? ` ${shown.length} match${shown.length === 1 ? "" : "es"}.` : ""}
      </span>
      <div
        ref={listRef}
        id={ids.list}
        role="listbox"
        aria-label="VERIS enumerations"
        aria-multiselectable="true"
        className="veris-list"
        hidden={!open}
        // keep the focus in the field while a click picks an option
        onMouseDown={(event) => event.preventDefault()}
      >
        {shown.length === 0 ? (
          <div className="hint veris-none">Nothing in VERIS matches “{query}”.</div>
        ) : (
          groups.map((group) => {
            const groupId = `${base}-g-${group.group}`;
            return (
              <div key={group.group} role="group" aria-labelledby={groupId} className="veris-group">
                <div id={groupId} className="veris-group-label" role="presentation">
                  {group.label}
                </div>
                {group.options.map((option) => {
                  index += 1;
                  const mine = index;
                  const selected = tags.includes(option.path);
                  return (
                    <div
                      key={option.path}
                      id={optionId(mine)}
                      role="option"
                      aria-selected={selected}
                      className={`veris-option${mine === active ? " active" : ""}${selected ? " selected" : ""}`}
                      title={option.path}
                      onMouseEnter={() => setActive(mine)}
                      onClick={() => {
                        setActive(mine);
                        choose(option);
                      }}
                    >
                      <span aria-hidden="true" className="tick">
                        {selected ? "✓" : ""}
                      </span>
                      {option.coarse ? `${option.label} (any)` : option.label}
                    </div>
                  );
                })}
              </div>
            );
          })
        )}
      </div>
    </div>
  );
}
