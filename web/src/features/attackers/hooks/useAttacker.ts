import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { ApiError, describeError } from "../../../api";
import { addAttackerNote, conflictOf, getAttacker, mergeAttackers, patchAttacker } from "../api/attackers";
import type { Attacker } from "../api/attackers";
import { initialProfileEdit, patchOf, profileEditReducer } from "./profile";
import type { ProfileEditState, ProfileField } from "./profile";

export type LoadState = "loading" | "ready" | "missing" | "failed";

export interface AttackerView {
  load: LoadState;
  loadError: string | null;
  /** The profile as last read or written. */
  doc: Attacker | null;
  edit: ProfileEditState;
  change(field: ProfileField, value: string): void;
  reset(): void;
  save(): Promise<void>;
  keepTheirs(): void;
  reapply(): Promise<void>;
  reload(): void;
  addNote(text: string): Promise<void>;
  /** Merge ``others`` into this profile; answers the ids it now holds as aliases. */
  merge(others: string[]): Promise<string[]>;
}

/** One attacker profile with the edit/409 flow, notes and merging. Not live: re-read after each change. */
export function useAttacker(id: string): AttackerView {
  const [edit, dispatch] = useReducer(profileEditReducer, initialProfileEdit);
  const [doc, setDoc] = useState<Attacker | null>(null);
  const [load, setLoad] = useState<LoadState>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const state = useRef(edit);
  state.current = edit;

  const accept = useCallback((fresh: Attacker) => {
    // an older answer (a slow read racing a write) never replaces a newer profile
    setDoc((current) => (current && current.id === fresh.id && current.version > fresh.version ? current : fresh));
    dispatch({ type: "loaded", doc: fresh });
  }, []);

  const fetchDoc = useCallback(
    async (signal?: AbortSignal) => {
      try {
        accept(await getAttacker(id, signal));
        setLoad("ready");
        setLoadError(null);
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof ApiError && error.status === 404) setLoad("missing");
        else {
          setLoad((current) => (current === "ready" ? current : "failed"));
          setLoadError(describeError(error));
        }
      }
    },
    [id, accept],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoad("loading");
    void fetchDoc(controller.signal);
    return () => controller.abort();
  }, [fetchDoc]);

  const save = useCallback(async () => {
    const patch = patchOf(state.current);
    const base = state.current.base;
    if (!patch || !base) return;
    dispatch({ type: "save" });
    try {
      const saved = await patchAttacker(base.id, patch.version, patch.changes);
      setDoc(saved);
      dispatch({ type: "saved", doc: saved });
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict) {
        const theirs = conflict.current ?? (await getAttacker(base.id).catch(() => null));
        if (theirs) {
          setDoc(theirs);
          dispatch({ type: "conflict", theirs });
          return;
        }
      }
      dispatch({ type: "failed", error: describeError(error) });
    }
  }, []);

  return {
    load,
    loadError,
    doc,
    edit,
    change: (field, value) => dispatch({ type: "edit", field, value }),
    reset: () => dispatch({ type: "reset" }),
    save,
    keepTheirs: () => dispatch({ type: "keepTheirs" }),
    async reapply() {
      dispatch({ type: "reapply" });
      // dispatch runs later inside React: compute what the save must send from the state it will hold
      state.current = profileEditReducer(state.current, { type: "reapply" });
      await save();
    },
    reload: () => void fetchDoc(),
    async addNote(text) {
      accept(await addAttackerNote(doc?.id ?? id, text));
    },
    async merge(others) {
      const before = new Set(doc?.aliases ?? []);
      const merged = await mergeAttackers(doc?.id ?? id, others);
      accept(merged);
      return (merged.aliases ?? []).filter((alias) => !before.has(alias));
    },
  };
}
