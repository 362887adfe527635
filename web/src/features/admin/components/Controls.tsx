// Small pieces the admin forms share: a labelled field that shows its error, an inline "are you sure?", and
// the message a tab shows after a change.
import { useEffect, useId, useRef, useState } from "react";
import type { InputHTMLAttributes, ReactNode } from "react";

import { formatCount } from "../../../lib/format";

/** A labelled input whose error (when ``error`` is set) is announced and tied to it by aria-describedby. */
export function TextField({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | undefined; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="admin-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled select over fixed options. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="admin-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as V)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A button that asks before it acts: the first press turns it into "<question> [confirm] [Cancel]", focus
 * moving to the confirm button; cancelling puts focus back on the button.
 */
export function ConfirmButton({
  children,
  label,
  question,
  confirm,
  onConfirm,
  disabled,
}: {
  children: ReactNode;
  /** The button's accessible name when its text alone is ambiguous in a table ("Revoke key beats"). */
  label?: string;
  question: string;
  confirm: string;
  onConfirm: () => Promise<unknown> | void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (wasAsking.current) button.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={button} type="button" aria-label={label} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === "Escape") setAsking(false);
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        ref={yes}
        type="button"
        className="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } catch {
            // onConfirm reports its own failures (a notice); nothing more to do here
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirm}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

export interface Notice {
  kind: "ok" | "error";
  text: string;
}

/** What the last change did (or why it failed), announced to screen readers. */
export function NoticeLine({ notice }: { notice: Notice | null }) {
  return (
    <p className={`admin-notice${notice ? ` admin-notice-${notice.kind}` : ""}`} role="status" aria-live="polite">
      {notice ? (notice.kind === "error" ? `Failed: ${notice.text}` : notice.text) : ""}
    </p>
  );
}

/** What someone without the admin role sees, however they got here. */
export function AdminOnly({ name, role }: { name?: string | null; role?: string | null }) {
  return (
    <div className="admin-only" role="alert">
      <h2>Administrators only</h2>
      <p>
        Users, API keys, the watchlist and blocklist and the audit log are managed by administrators.
        {name ? (
          <>
            {" "}
            You are signed in as <strong>{name}</strong>
            {role ? ` (${role})` : ""}, which may not manage them.
          </>
        ) : (
          " Your account may not manage them."
        )}{" "}
        Ask an administrator if you need a change made.
      </p>
    </div>
  );
}

/** "1–100 of 2,345" with previous/next buttons; shared by the lists and the audit log. */
export function Pager({
  what,
  one,
  from,
  to,
  total,
  onPrevious,
  onNext,
}: {
  what: string;
  /** ``what`` for a single item ("entry") */
  one: string;
  from: number;
  to: number;
  total: number;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}) {
  if (onPrevious === null && onNext === null) {
    return (
      <p className="hint">
        {formatCount(total)} {total === 1 ? one : what}
      </p>
    );
  }
  return (
    <nav className="actions admin-pager" aria-label={`Pages of ${what}`}>
      <button type="button" disabled={onPrevious === null} onClick={onPrevious ?? undefined}>
        Previous page
      </button>
      <span>
        {formatCount(from)}–{formatCount(to)} of {formatCount(total)}
      </span>
      <button type="button" disabled={onNext === null} onClick={onNext ?? undefined}>
        Next page
      </button>
    </nav>
  );
}
