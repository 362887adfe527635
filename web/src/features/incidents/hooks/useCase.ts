import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { describeError } from "../../../api";
import { useLiveChanges } from "../../../lib/live";
import type { ChangeMessage } from "../../../lib/live";
import {
  LIST_NAMES,
  addItem,
  addNote,
  changeItem,
  conflictOf,
  getCase,
  getTimeline,
  isNotFound,
  listNotes,
  patchCase,
  removeItem,
} from "../api/cases";
import type { Case, CaseKind, ItemChanges, ItemFields, ListName, Note, TimelineEntry } from "../api/cases";
import { conflictNeedsAnalyst, editorReducer, fieldValue, initialEditor, patchOf, sameValue, withAppended } from "./editor";
import type { EditField, EditorAction, EditorState, Value } from "./editor";
import { changeWords, mergeTimeline } from "./timeline";

export type LoadState = "loading" | "ready" | "missing" | "failed" | "deleted";

export interface RemoteChange {
  actor: string | null;
  time: string;
  /** In words: "changed", "added a theory to". */
  op: string;
}

export interface CaseView {
  load: LoadState;
  loadError: string | null;
  editor: EditorState;
  notes: Note[];
  /** Newest first. */
  timeline: TimelineEntry[];
  /** The last change anyone made while this page was open, as the live feed told it. */
  lastRemote: RemoteChange | null;
  edit(field: EditField, value: Value): void;
  discard(field: EditField): void;
  /** Save the drafts of ``fields`` (default: all); whether they were saved. */
  save(fields?: EditField[]): Promise<boolean>;
  /** Draft ``field`` and save it at once (phase, severity, assignee, labels); whether it was saved. */
  setNow(field: EditField, value: Value): Promise<boolean>;
  /** Keep the other analyst's version: drop the conflicting drafts. */
  reload(): void;
  /** Put this analyst's conflicting drafts on the other analyst's version and save them. */
  reapply(): Promise<void>;
  dismissError(): void;
  /** A case the item panels got from the server (after an item change or a 409). */
  accept(doc: Case): void;
  addNote(text: string): Promise<void>;
  addItem<L extends ListName>(list: L, fields: ItemFields<L>): Promise<void>;
  changeItem<L extends ListName>(list: L, itemId: string, version: number, changes: ItemChanges<L>): Promise<void>;
  removeItem(list: ListName, itemId: string, version: number): Promise<void>;
  /** Fetch the case now (after a 409 answered without it). */
  fetch(): Promise<Case | null>;
}

/** One case, kept current by live updates, with its notes, timeline and the edit/409 flow. */
export function useCase(kind: CaseKind, id: string): CaseView {
  const [editor, dispatch] = useReducer(editorReducer, initialEditor);
  const [load, setLoad] = useState<LoadState>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Note[]>([]);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [lastRemote, setLastRemote] = useState<RemoteChange | null>(null);
  // The state as the next render will hold it: a save right after a draft reads the draft from here.
  const state = useRef(editor);
  state.current = editor;
  const apply = useCallback((action: EditorAction) => {
    state.current = editorReducer(state.current, action);
    dispatch(action);
  }, []);

  const refreshTimeline = useCallback(async () => {
    try {
      const entries = await getTimeline(kind, id);
      setTimeline((current) => mergeTimeline(current, entries));
    } catch {
      // the page keeps what it has; the next change tries again
    }
  }, [kind, id]);

  const refetch = useCallback(async () => {
    try {
      apply({ type: "loaded", doc: await getCase(kind, id) });
      setLoad((current) => (current === "deleted" ? current : "ready"));
      setLoadError(null);
    } catch (error) {
      if (isNotFound(error)) setLoad("missing");
      else {
        setLoad((current) => (current === "ready" ? current : "failed"));
        setLoadError(describeError(error));
      }
    }
    const [n] = await Promise.allSettled([listNotes(kind, id), refreshTimeline()]);
    if (n.status === "fulfilled") setNotes(n.value);
  }, [kind, id, apply, refreshTimeline]);

  useEffect(() => {
    setLoad("loading");
    void refetch();
  }, [refetch]);

  const onChange = useCallback(
    (change: ChangeMessage) => {
      const words = changeWords(change.op, change.sub);
      if (words) setLastRemote({ actor: change.actor, time: change.time, op: words });
      if (change.op === "deleted") {
        setLoad("deleted");
        return;
      }
      if (change.op === "appended") {
        const data = change.data as unknown;
        if (change.sub === "notes" && data) {
          const note = data as Note;
          setNotes((current) => (current.some((n) => n.id === note.id) ? current : [...current, note]));
        } else if (change.sub === "timeline" && data) {
          setTimeline((current) => mergeTimeline(current, [data as TimelineEntry]));
        } else if (change.sub && (LIST_NAMES as readonly string[]).includes(change.sub)) {
          // an item added to one of the case's lists: the item, and the case's version after
          const doc = state.current.doc;
          const next = doc ? withAppended(doc, change.sub, data, change.version) : null;
          if (next) apply({ type: "loaded", doc: next });
          else if (!doc || change.version === null || change.version > doc.version) {
            void getCase(kind, id).then((fresh) => apply({ type: "loaded", doc: fresh }), () => undefined);
          }
        }
        return;
      }
      const doc = change.data as unknown as Case | null;
      if (doc && typeof doc.version === "number" && doc.id === id) apply({ type: "loaded", doc });
      else void getCase(kind, id).then((fresh) => apply({ type: "loaded", doc: fresh }), () => undefined);
    },
    [kind, id, apply],
  );
  useLiveChanges(
    (change) => change.entity === kind && change.id === id,
    onChange,
    () => void refetch(),
  );

  const fetchNow = useCallback(async () => {
    try {
      const doc = await getCase(kind, id);
      apply({ type: "loaded", doc });
      return doc;
    } catch {
      return null;
    }
  }, [kind, id, apply]);

  const send = useCallback(
    async (fields?: EditField[], drop = false): Promise<boolean> => {
      const current = state.current;
      const doc = current.doc;
      if (!doc) return false;
      const wanted = (fields ?? (Object.keys(current.drafts) as EditField[])).filter((field) => current.drafts[field]);
      // a draft that holds what the case holds already is no change: drop it rather than bump the version
      const unchanged = wanted.filter((field) => {
        const draft = current.drafts[field];
        return draft !== undefined && sameValue(draft.value, fieldValue(doc, field));
      });
      for (const field of unchanged) apply({ type: "discard", field });
      const sending = wanted.filter((field) => !unchanged.includes(field));
      const patch = patchOf(state.current, sending);
      if (!patch) return true;
      apply({ type: "save", fields: sending });
      let version = patch.version;
      for (let attempt = 0; ; attempt += 1) {
        try {
          apply({ type: "saved", doc: await patchCase(kind, id, version, patch.changes) });
          void refreshTimeline();
          return true;
        } catch (error) {
          const conflict = conflictOf(error);
          const theirs = conflict ? (conflict.current ?? (await getCase(kind, id).catch(() => null))) : null;
          if (theirs) {
            // someone saved something else meanwhile: nothing of theirs to weigh, save again on their version
            if (attempt === 0 && !conflictNeedsAnalyst(state.current, sending, theirs)) {
              apply({ type: "loaded", doc: theirs });
              version = theirs.version;
              continue;
            }
            apply({ type: "conflict", theirs });
            return false;
          }
          apply({ type: "failed", error: describeError(error), drop });
          return false;
        }
      }
    },
    [kind, id, apply, refreshTimeline],
  );

  // One save at a time: a second one (another tag picked while the first is on its way) starts from what the
  // first saved, rather than from the version the first one is replacing.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const save = useCallback(
    (fields?: EditField[], drop = false): Promise<boolean> => {
      const next = queue.current.then(() => send(fields, drop));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [send],
  );

  const afterItemChange = useCallback(
    (doc: Case) => {
      apply({ type: "loaded", doc });
      void refreshTimeline();
    },
    [apply, refreshTimeline],
  );

  return {
    load,
    loadError,
    editor,
    notes,
    timeline,
    lastRemote,
    edit: (field, value) => apply({ type: "edit", field, value }),
    discard: (field) => apply({ type: "discard", field }),
    save: (fields) => save(fields),
    setNow(field, value) {
      apply({ type: "edit", field, value });
      return save([field], true);
    },
    reload: () => apply({ type: "reload" }),
    async reapply() {
      const fields = state.current.conflict?.fields.map((item) => item.field) ?? [];
      apply({ type: "reapply" });
      await save(fields);
    },
    dismissError: () => apply({ type: "dismissError" }),
    accept: (doc) => apply({ type: "loaded", doc }),
    async addNote(text) {
      const note = await addNote(kind, id, text);
      setNotes((current) => (current.some((n) => n.id === note.id) ? current : [...current, note]));
      void refreshTimeline();
    },
    async addItem(list, fields) {
      afterItemChange(await addItem(kind, id, list, fields));
    },
    async changeItem(list, itemId, version, changes) {
      afterItemChange(await changeItem(kind, id, list, itemId, version, changes));
    },
    async removeItem(list, itemId, version) {
      afterItemChange(await removeItem(kind, id, list, itemId, version));
    },
    fetch: fetchNow,
  };
}
