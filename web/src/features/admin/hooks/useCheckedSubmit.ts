// The submit of an admin form: its fields show their errors only once it was sent, a form that fails its
// checks sends nothing and puts focus on the first field to fix, and a failed call is kept to show.
import { useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";

/** Focus the first field a failed validation marked, so a keyboard user lands on what to fix. */
function focusFirstInvalid(form: HTMLFormElement): void {
  form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
}

export interface CheckedSubmit {
  /** Whether the form was sent once: show the fields' errors. */
  checked: boolean;
  busy: boolean;
  /** Why the last call failed. */
  error: string | null;
  submit: (event: FormEvent<HTMLFormElement>) => Promise<void>;
  /** Back to unchecked, for a form that stays to take the next one. */
  uncheck: () => void;
}

/** ``valid`` checks the fields as they are now; ``send`` calls the API (and clears the form if it stays). */
export function useCheckedSubmit(valid: () => boolean, send: () => Promise<void>): CheckedSubmit {
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    if (!valid()) {
      // after the render that marks the fields
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return { checked, busy, error, submit, uncheck: () => setChecked(false) };
}
