// A form's row of actions, worded and announced the same way in every feature: the submit button, any other
// buttons, Cancel, then why the last attempt failed.
import type { ReactNode } from "react";

export function FormActions({
  submit,
  disabled = false,
  primary = true,
  onCancel,
  cancelDisabled,
  error,
  children,
}: {
  /** The submit button's text. */
  submit: ReactNode;
  /** Whether the submit button is disabled (busy, or nothing to send yet). */
  disabled?: boolean;
  primary?: boolean;
  /** Shows a Cancel button that calls it. */
  onCancel?: () => void;
  cancelDisabled?: boolean;
  /** Why the last attempt failed, announced as an alert; nothing when empty. */
  error?: ReactNode;
  /** More buttons, between the submit button and Cancel. */
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <button type="submit" className={primary ? "primary" : undefined} disabled={disabled}>
        {submit}
      </button>
      {children}
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={cancelDisabled}>
          Cancel
        </button>
      )}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
