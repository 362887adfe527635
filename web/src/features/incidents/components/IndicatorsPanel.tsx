import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import type { Incident, NewIndicator } from "../api/incidents";

const TYPES = ["ip", "domain", "hash", "user", "url"] as const;

export function IndicatorsPanel({
  indicators,
  onAdd,
}: {
  indicators: Incident["indicators"];
  onAdd: (indicator: NewIndicator) => Promise<void>;
}) {
  const [type, setType] = useState<string>("ip");
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { title: useId(), type: useId(), value: useId(), note: useId() };
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onAdd({ type, value: value.trim(), note } as NewIndicator);
      setValue("");
      setNote("");
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }
  const list = indicators ?? [];
  return (
    <section aria-labelledby={ids.title} className="panel">
      <h2 id={ids.title}>Indicators</h2>
      {list.length === 0 ? (
        <p className="empty">No indicators yet.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Value</th>
              <th scope="col">Note</th>
              <th scope="col">Added by</th>
            </tr>
          </thead>
          <tbody>
            {list.map((item) => (
              <tr key={item.id}>
                <td>{item.type}</td>
                <td className="mono">{item.value}</td>
                <td>{item.note}</td>
                <td>{item.author ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Add an indicator">
        <label htmlFor={ids.type}>Type</label>
        <select id={ids.type} value={type} onChange={(event) => setType(event.target.value)}>
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor={ids.value}>Value</label>
        <input id={ids.value} value={value} onChange={(event) => setValue(event.target.value)} required />
        <label htmlFor={ids.note}>Note</label>
        <input id={ids.note} value={note} onChange={(event) => setNote(event.target.value)} />
        <button type="submit" disabled={busy || !value.trim()}>
          Add indicator
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </form>
    </section>
  );
}
