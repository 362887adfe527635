import { describe, expect, it } from "vitest";

import type { Incident } from "../api/incidents";
import { editorReducer, initialEditor, patchOf, staleFields } from "./editor";
import type { EditorAction, EditorState } from "./editor";

const doc = (version: number, fields: Partial<Incident> = {}): Incident =>
  ({
    id: "i1",
    version,
    created: "2026-01-01T00:00:00Z",
    updated: "2026-01-01T00:00:00Z",
    number: 1,
    ref: "INC-1",
    summary: "Phishing wave",
    description: "",
    severity: "MEDIUM",
    phase: "Identification",
    dates: {},
    ...fields,
  }) as Incident;

const run = (...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, initialEditor);

describe("the incident editor", () => {
  it("saves drafts against the version they started from", () => {
    const state = run({ type: "loaded", doc: doc(3) }, { type: "edit", field: "summary", value: "Phishing, contained" });
    expect(patchOf(state)).toEqual({ version: 3, changes: { summary: "Phishing, contained" } });
  });

  it("keeps drafts and their base version when a live update arrives meanwhile", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "loaded", doc: doc(4, { summary: "theirs" }) },
    );
    expect(state.doc?.version).toBe(4);
    expect(patchOf(state)?.version).toBe(3);
    expect(staleFields(state)).toEqual(["summary"]);
  });

  it("does not flag a draft stale when the other analyst changed another field", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "loaded", doc: doc(4, { phase: "Containment" }) },
    );
    expect(staleFields(state)).toEqual([]);
  });

  it("never lets an older answer replace a newer document", () => {
    const state = run({ type: "loaded", doc: doc(5, { summary: "new" }) }, { type: "loaded", doc: doc(4) });
    expect(state.doc?.summary).toBe("new");
  });

  it("on 409 holds each drafted field as it was, as mine and as theirs", () => {
    const state = run(
      { type: "loaded", doc: doc(3, { summary: "old" }) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save" },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
    );
    expect(state.saving).toBe(false);
    expect(state.conflict?.theirs.version).toBe(4);
    expect(state.conflict?.fields).toEqual([{ field: "summary", original: "old", mine: "mine", theirs: "theirs" }]);
    expect(state.doc?.summary).toBe("theirs");
  });

  it("reload drops my drafts and takes their version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
      { type: "reload" },
    );
    expect(state.conflict).toBeNull();
    expect(state.drafts).toEqual({});
    expect(state.baseVersion).toBe(4);
    expect(patchOf(state)).toBeNull();
  });

  it("re-apply puts my drafts on their version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "edit", field: "phase", value: "Containment" },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
      { type: "reapply" },
    );
    expect(state.conflict).toBeNull();
    expect(patchOf(state)).toEqual({ version: 4, changes: { summary: "mine", phase: "Containment" } });
    expect(staleFields(state)).toEqual([]);
  });

  it("a successful save clears the drafts and moves to the new version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save" },
      { type: "saved", doc: doc(4, { summary: "mine" }) },
    );
    expect(state).toMatchObject({ saving: false, drafts: {}, baseVersion: 4, conflict: null });
  });

  it("discarding the last draft follows the document's version again", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "loaded", doc: doc(5) },
      { type: "discard", field: "summary" },
    );
    expect(state.baseVersion).toBe(5);
  });

  it("a failed save keeps the drafts and says why", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save" },
      { type: "failed", error: "the server cannot be reached" },
    );
    expect(state.error).toBe("the server cannot be reached");
    expect(patchOf(state)?.changes).toEqual({ summary: "mine" });
  });
});
