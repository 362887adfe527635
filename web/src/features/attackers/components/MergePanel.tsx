import { useId, useState } from "react";

import { describeError } from "../../../api";
import { parseMergeIds } from "../hooks/profile";

/**
 * Absorb other profiles into this one: their counts, notes and tags join it and their addresses become
 * its aliases. Asked twice, because it cannot be undone from here.
 */
export function MergePanel({ self, onMerge }: { self: string; onMerge: (others: string[]) => Promise<string[]> }) {
  const [text, setText] = useState("");
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const ids = { title: useId(), input: useId(), hint: useId() };
  const others = parseMergeIds(text, self);

  async function merge(list: string[]) {
    setBusy(true);
    setResult(null);
    try {
      const absorbed = await onMerge(list);
      setText("");
      setResult({
        ok: true,
        text: absorbed.length
          ? `Merged ${absorbed.join(", ")} into this profile.`
          : "Nothing new was merged: those profiles were already part of this one.",
      });
    } catch (error) {
      setResult({ ok: false, text: `Could not merge: ${describeError(error)}` });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  return (
    <section className="panel" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Merge profiles</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (others.length) setConfirming(others);
        }}
      >
        <label htmlFor={ids.input}>Profiles to merge into this one</label>
        <input
          id={ids.input}
          value={text}
          aria-describedby={ids.hint}
          disabled={busy || confirming !== null}
          placeholder="198.51.100.4, 2001:db8::7"
          onChange={(event) => setText(event.target.value)}
        />
        <span id={ids.hint} className="hint">
          Addresses of other attackers, separated by commas or spaces. They become aliases of {self}.
        </span>
        {confirming === null ? (
          <div className="actions">
            <button type="submit" disabled={busy || others.length === 0}>
              Merge…
            </button>
          </div>
        ) : (
          <div className="actions" role="group" aria-label="Confirm merge">
            <span className="warning">
              Merge {confirming.join(", ")} into {self}? This cannot be undone.
            </span>
            <button type="button" className="primary" disabled={busy} onClick={() => void merge(confirming)} autoFocus>
              {busy ? "Merging…" : "Confirm merge"}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        )}
      </form>
      <p role="status" className={result && !result.ok ? "error" : "hint"}>
        {result?.text ?? ""}
      </p>
    </section>
  );
}
