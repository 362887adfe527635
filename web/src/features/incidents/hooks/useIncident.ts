import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { ApiError, describeError } from "../../../api";
import { useLiveChanges } from "../../../lib/live";
import type { ChangeMessage } from "../../../lib/live";
import {
  addIndicator,
  addNote,
  conflictOf,
  getIncident,
  getTimeline,
  listNotes,
  patchIncident,
} from "../api/incidents";
import type { Incident, NewIndicator, Note, TimelineEntry } from "../api/incidents";
import { editorReducer, initialEditor, patchOf } from "./editor";
import type { EditField, EditorState } from "./editor";

export type LoadState = "loading" | "ready" | "missing" | "failed" | "deleted";

export interface IncidentView {
  load: LoadState;
  loadError: string | null;
  editor: EditorState;
  notes: Note[];
  timeline: TimelineEntry[];
  /** The last change another analyst made while this page was open. */
  lastRemote: { actor: string | null; time: string; op: string } | null;
  edit(field: EditField, value: string | null): void;
  discard(field: EditField): void;
  save(): Promise<void>;
  /** Draft ``field`` and save it at once (phase and severity pickers). */
  setNow(field: EditField, value: string | null): Promise<void>;
  reload(): void;
  reapply(): Promise<void>;
  dismissError(): void;
  addNote(text: string): Promise<void>;
  addIndicator(indicator: NewIndicator): Promise<void>;
}

/** One incident, kept current by live updates, with its notes, timeline and the edit/409 flow. */
export function useIncident(id: string): IncidentView {
  const [editor, dispatch] = useReducer(editorReducer, initialEditor);
  const [load, setLoad] = useState<LoadState>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Note[]>([]);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [lastRemote, setLastRemote] = useState<IncidentView["lastRemote"]>(null);
  const state = useRef(editor);
  state.current = editor;

  const refreshLists = useCallback(async () => {
    const [n, t] = await Promise.allSettled([listNotes(id), getTimeline(id)]);
    if (n.status === "fulfilled") setNotes(n.value);
    if (t.status === "fulfilled") setTimeline(t.value);
  }, [id]);

  const refetch = useCallback(async () => {
    try {
      dispatch({ type: "loaded", doc: await getIncident(id) });
      setLoad("ready");
      setLoadError(null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setLoad("missing");
      else {
        setLoad((current) => (current === "ready" ? current : "failed"));
        setLoadError(describeError(error));
      }
    }
    await refreshLists();
  }, [id, refreshLists]);

  useEffect(() => {
    setLoad("loading");
    void refetch();
  }, [refetch]);

  const onChange = useCallback(
    (change: ChangeMessage) => {
      if (change.actor !== null) setLastRemote({ actor: change.actor, time: change.time, op: change.op });
      if (change.op === "deleted") {
        setLoad("deleted");
        return;
      }
      if (change.op === "appended") {
        if (change.sub === "notes" && change.data) {
          const note = change.data as unknown as Note;
          setNotes((current) => (current.some((n) => n.id === note.id) ? current : [...current, note]));
        }
        void getTimeline(id).then(setTimeline, () => undefined);
        return;
      }
      const doc = change.data as unknown as Incident | null;
      if (doc && typeof doc.version === "number" && doc.id === id) dispatch({ type: "loaded", doc });
      else void getIncident(id).then((fresh) => dispatch({ type: "loaded", doc: fresh }), () => undefined);
      void getTimeline(id).then(setTimeline, () => undefined);
    },
    [id],
  );
  useLiveChanges(
    (change) => change.entity === "incident" && change.id === id,
    onChange,
    () => void refetch(),
  );

  const save = useCallback(async () => {
    const patch = patchOf(state.current);
    if (!patch) return;
    dispatch({ type: "save" });
    try {
      dispatch({ type: "saved", doc: await patchIncident(id, patch.version, patch.changes) });
      void getTimeline(id).then(setTimeline, () => undefined);
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict) {
        const theirs = conflict.current ?? (await getIncident(id).catch(() => null));
        if (theirs) {
          dispatch({ type: "conflict", theirs });
          return;
        }
      }
      dispatch({ type: "failed", error: describeError(error) });
    }
  }, [id]);

  const edit = useCallback((field: EditField, value: string | null) => dispatch({ type: "edit", field, value }), []);
  const discard = useCallback((field: EditField) => dispatch({ type: "discard", field }), []);

  return {
    load,
    loadError,
    editor,
    notes,
    timeline,
    lastRemote,
    edit,
    discard,
    save,
    async setNow(field, value) {
      dispatch({ type: "edit", field, value });
      // the reducer ran synchronously above only inside React; compute the patch from what it will hold
      state.current = editorReducer(state.current, { type: "edit", field, value });
      await save();
    },
    reload: () => dispatch({ type: "reload" }),
    async reapply() {
      dispatch({ type: "reapply" });
      state.current = editorReducer(state.current, { type: "reapply" });
      await save();
    },
    dismissError: () => dispatch({ type: "dismissError" }),
    async addNote(text) {
      await addNote(id, text);
      await refreshLists();
    },
    async addIndicator(indicator) {
      await addIndicator(id, indicator);
      await refetch();
    },
  };
}
