// Saved searches: save the one on screen under a name, or open one (its query, range, index and columns).
import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { useAsync } from "../../../lib/useAsync";
import { listSavedSearches, saveSearch } from "../api/search";
import { apiQuery, stateOfSaved } from "../hooks/urlState";
import type { SearchState } from "../hooks/urlState";

export interface SavedSearchesProps {
  state: SearchState;
  onOpen: (state: SearchState) => void;
}

export function SavedSearches({ state, onOpen }: SavedSearchesProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();

  return (
    <div className="saved-searches">
      <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Saved searches
      </button>
      {open && (
        <SavedPanel
          id={panelId}
          state={state}
          onOpen={(next) => {
            onOpen(next);
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

function SavedPanel({ id, state, onOpen }: SavedSearchesProps & { id: string }) {
  const saved = useAsync((signal) => listSavedSearches(signal), []);
  return (
        <div id={id} className="saved-panel" role="region" aria-label="Saved searches">
          <SaveForm state={state} onSaved={saved.reload} />
          <DataState
            what="saved searches"
            loading={saved.loading}
            error={saved.error}
            data={saved.data}
            onRetry={saved.reload}
            isEmpty={(list) => list.length === 0}
            empty="No saved searches yet."
          >
            {(list) => (
              <ul className="saved-list">
                {list.map((search) => (
                  <li key={search.id}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onOpen(stateOfSaved(search))}
                    >
                      {search.name}
                    </button>
                    {search.description && <span className="meta"> — {search.description}</span>}
                    <div className="meta mono saved-query" title={search.q}>
                      {search.q}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </DataState>
        </div>
  );
}

function SaveForm({ state, onSaved }: { state: SearchState; onSaved: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const ids = { name: useId(), description: useId() };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const search = await saveSearch({
        name: name.trim(),
        description: description.trim(),
        q: apiQuery(state.q),
        start: state.start || null,
        end: state.end || null,
        index: state.index,
        columns: state.cols,
        sort: "utctimestamp:desc",
      });
      setOutcome({ ok: true, text: `Saved “${search.name}”.` });
      setName("");
      setDescription("");
      onSaved();
    } catch (failure) {
      setOutcome({ ok: false, text: `Could not save: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="save-form" onSubmit={submit} aria-label="Save the current search">
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={ids.description}>Description</label>
      <input
        id={ids.description}
        value={description}
        maxLength={5000}
        onChange={(event) => setDescription(event.target.value)}
      />
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Save current search
      </button>
      {outcome && (
        <p className={outcome.ok ? "list-ok" : "error"} role={outcome.ok ? "status" : "alert"}>
          {outcome.text}
        </p>
      )}
    </form>
  );
}
