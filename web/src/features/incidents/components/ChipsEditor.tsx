import { useId, useState } from "react";
import type { FormEvent } from "react";

/**
 * A list of labels (tags, references) as removable chips and a field to add one; each change is saved at
 * once by the caller. ``validate`` answers why a value cannot be added, or null.
 */
export function ChipsEditor({
  title,
  noun,
  values,
  disabled,
  inputType = "text",
  placeholder,
  asLink,
  linkOf,
  validate,
  onChange,
}: {
  title: string;
  noun: string;
  values: string[];
  disabled: boolean;
  inputType?: "text" | "url";
  placeholder?: string;
  asLink?: boolean;
  /** An in-app link for a value (the list filtered by it), when not ``asLink``. */
  linkOf?: (value: string) => string;
  validate?: (value: string, values: string[]) => string | null;
  onChange: (values: string[]) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    const why = values.includes(value) ? `That ${noun} is there already.` : (validate?.(value, values) ?? null);
    setProblem(why);
    if (why) return;
    onChange([...values, value]);
    setText("");
  }
  return (
    <section className="chips-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {values.length === 0 ? (
        <p className="empty">No {title.toLowerCase()} yet.</p>
      ) : (
        <ul className="chips" aria-label={title}>
          {values.map((value) => (
            <li key={value} className="chip">
              {asLink ? (
                <a href={value} rel="noreferrer noopener" target="_blank">
                  {value}
                </a>
              ) : linkOf ? (
                <a href={linkOf(value)} title={`${title} “${value}”: every case carrying it`}>
                  {value}
                </a>
              ) : (
                <span>{value}</span>
              )}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${noun} ${value}`}
                disabled={disabled}
                onClick={() => onChange(values.filter((v) => v !== value))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={id}>Add a {noun}</label>
        <input
          id={id}
          type={inputType}
          value={text}
          placeholder={placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" disabled={disabled || !text.trim()}>
          Add {noun}
        </button>
        {problem && (
          <span id={`${id}-problem`} className="error" role="alert">
            {problem}
          </span>
        )}
      </form>
    </section>
  );
}
