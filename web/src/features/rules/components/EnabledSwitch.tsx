// The on/off switch of a rule: a real button with role="switch", its state in aria-checked and in words.
export function EnabledSwitch({
  enabled,
  label,
  busy = false,
  disabled = false,
  describedBy,
  onChange,
}: {
  enabled: boolean;
  /** The accessible name; it starts with "Enabled" so tests and screen readers find every switch the same way. */
  label: string;
  busy?: boolean;
  disabled?: boolean;
  describedBy?: string;
  onChange: (enabled: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      className="rule-switch"
      aria-checked={enabled}
      aria-label={label}
      aria-busy={busy || undefined}
      aria-describedby={describedBy}
      disabled={disabled || busy}
      onClick={() => onChange(!enabled)}
    >
      <span className="rule-switch-track" aria-hidden="true">
        <span className="rule-switch-thumb" />
      </span>
      <span className="rule-switch-text" aria-hidden="true">
        {busy ? "…" : enabled ? "On" : "Off"}
      </span>
    </button>
  );
}
