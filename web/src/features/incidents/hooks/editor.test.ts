import { describe, expect, it } from "vitest";

import type { Case } from "../api/cases";
import { conflictNeedsAnalyst, editorReducer, initialEditor, patchOf, rebaseList, staleFields, withAppended } from "./editor";
import type { EditorAction, EditorState } from "./editor";

const doc = (version: number, fields: Partial<Case> = {}): Case =>
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
    tags: [],
    veris: [],
    ...fields,
  }) as Case;

const run = (...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, initialEditor);

describe("the case editor", () => {
  it("saves drafts against the version they started from", () => {
    const state = run({ type: "loaded", doc: doc(3) }, { type: "edit", field: "summary", value: "Phishing, contained" });
    expect(patchOf(state)).toEqual({ version: 3, changes: { summary: "Phishing, contained" } });
  });

  it("keeps drafts and sends their base version when someone changed the same field meanwhile", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "loaded", doc: doc(4, { summary: "theirs" }) },
    );
    expect(state.doc?.version).toBe(4);
    expect(state.drafts.summary?.value).toBe("mine");
    expect(patchOf(state)?.version).toBe(3);
    expect(staleFields(state)).toEqual(["summary"]);
  });

  it("saves on the shown version when the other analyst changed another field", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "loaded", doc: doc(4, { phase: "Containment" }) },
    );
    expect(staleFields(state)).toEqual([]);
    expect(patchOf(state)).toEqual({ version: 4, changes: { summary: "mine" } });
  });

  it("never lets an older answer replace a newer document", () => {
    const state = run({ type: "loaded", doc: doc(5, { summary: "new" }) }, { type: "loaded", doc: doc(4) });
    expect(state.doc?.summary).toBe("new");
  });

  it("saves only the fields asked for and keeps the other drafts", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "description", value: "half written" },
      { type: "edit", field: "phase", value: "Containment" },
    );
    expect(patchOf(state, ["phase"])).toEqual({ version: 3, changes: { phase: "Containment" } });
    const after = [
      { type: "save", fields: ["phase"] },
      { type: "saved", doc: doc(4, { phase: "Containment" }) },
    ].reduce((s, a) => editorReducer(s, a as EditorAction), state);
    expect(Object.keys(after.drafts)).toEqual(["description"]);
    expect(after.doc?.version).toBe(4);
  });

  it("sends dates as one object, null removing one", () => {
    const state = run(
      { type: "loaded", doc: doc(2, { dates: { opened: "2026-01-01T00:00:00Z", closed: "2026-01-03T00:00:00Z" } }) },
      { type: "edit", field: "dates.opened", value: "2025-12-31T00:00:00.000Z" },
      { type: "edit", field: "dates.closed", value: null },
    );
    expect(patchOf(state)).toEqual({
      version: 2,
      changes: { dates: { opened: "2025-12-31T00:00:00.000Z", closed: null } },
    });
  });

  it("on 409 holds each field being saved as it was, as mine and as theirs", () => {
    const state = run(
      { type: "loaded", doc: doc(3, { summary: "old" }) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "edit", field: "description", value: "not saved yet" },
      { type: "save", fields: ["summary"] },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
    );
    expect(state.saving).toEqual([]);
    expect(state.conflict?.theirs.version).toBe(4);
    expect(state.conflict?.fields).toEqual([{ field: "summary", original: "old", mine: "mine", theirs: "theirs" }]);
    expect(state.doc?.summary).toBe("theirs");
  });

  it("asks the analyst only when the other analyst changed a field being saved", () => {
    const state = run({ type: "loaded", doc: doc(3, { summary: "old" }) }, { type: "edit", field: "summary", value: "mine" });
    expect(conflictNeedsAnalyst(state, ["summary"], doc(5, { summary: "old", severity: "HIGH" }))).toBe(false);
    expect(conflictNeedsAnalyst(state, ["summary"], doc(5, { summary: "theirs" }))).toBe(true);
  });

  it("keep theirs drops the conflicting drafts only", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "edit", field: "description", value: "draft" },
      { type: "save", fields: ["summary"] },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
      { type: "reload" },
    );
    expect(state.conflict).toBeNull();
    expect(Object.keys(state.drafts)).toEqual(["description"]);
    expect(state.doc?.summary).toBe("theirs");
  });

  it("re-apply puts my drafts on their version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "edit", field: "phase", value: "Containment" },
      { type: "save", fields: ["summary", "phase"] },
      { type: "conflict", theirs: doc(4, { summary: "theirs" }) },
      { type: "reapply" },
    );
    expect(state.conflict).toBeNull();
    expect(patchOf(state)).toEqual({ version: 4, changes: { summary: "mine", phase: "Containment" } });
    expect(staleFields(state)).toEqual([]);
  });

  it("re-apply merges label lists instead of overwriting theirs", () => {
    const state = run(
      { type: "loaded", doc: doc(3, { tags: ["a", "b"] }) },
      { type: "edit", field: "tags", value: ["a", "c"] },
      { type: "save", fields: ["tags"] },
      { type: "conflict", theirs: doc(4, { tags: ["a", "b", "d"] }) },
      { type: "reapply" },
    );
    expect(patchOf(state)).toEqual({ version: 4, changes: { tags: ["a", "d", "c"] } });
  });

  it("a successful save clears the saved drafts and moves to the new version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save", fields: ["summary"] },
      { type: "saved", doc: doc(4, { summary: "mine" }) },
    );
    expect(state).toMatchObject({ saving: [], sent: {}, drafts: {}, conflict: null });
    expect(state.doc?.version).toBe(4);
  });

  it("a draft changed while its save was in flight stays, based on what was saved", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "veris", value: ["action.hacking"] },
      { type: "save", fields: ["veris"] },
      { type: "edit", field: "veris", value: ["action.hacking", "action.social"] },
      { type: "saved", doc: doc(4, { veris: ["action.hacking"] }) },
    );
    expect(state.drafts.veris).toEqual({ value: ["action.hacking", "action.social"], original: ["action.hacking"], base: 4 });
    expect(patchOf(state)).toEqual({ version: 4, changes: { veris: ["action.hacking", "action.social"] } });
  });

  it("a save answered after a newer live update keeps the newer document", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save", fields: ["summary"] },
      { type: "loaded", doc: doc(5, { summary: "mine", severity: "HIGH" }) },
      { type: "saved", doc: doc(4, { summary: "mine" }) },
    );
    expect(state.doc?.version).toBe(5);
    expect(state.drafts).toEqual({});
  });

  it("a failed save keeps the drafts and says why", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "summary", value: "mine" },
      { type: "save", fields: ["summary"] },
      { type: "failed", error: "the server cannot be reached" },
    );
    expect(state.error).toBe("the server cannot be reached");
    expect(patchOf(state)?.changes).toEqual({ summary: "mine" });
  });

  it("a failed immediate change drops its draft so the control shows the case again", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "severity", value: "HIGH" },
      { type: "save", fields: ["severity"] },
      { type: "failed", error: "forbidden", drop: true },
    );
    expect(state.drafts).toEqual({});
    expect(state.error).toBe("forbidden");
  });
});

describe("rebaseList", () => {
  it("applies my additions and removals to their list", () => {
    expect(rebaseList(["a", "b"], ["b", "c"], ["a", "b", "x"])).toEqual(["b", "x", "c"]);
  });
  it("adds nothing twice", () => {
    expect(rebaseList([], ["a"], ["a"])).toEqual(["a"]);
  });
});

describe("withAppended", () => {
  const item = { id: "t9", text: "Insider", status: "proposed", added: "x" };
  it("appends an item announced at the next version", () => {
    const next = withAppended(doc(3, { theories: [] }), "theories", item, 4);
    expect(next?.version).toBe(4);
    expect(next?.theories).toEqual([item]);
  });
  it("gives up when versions were skipped, so the case is fetched", () => {
    expect(withAppended(doc(3, { theories: [] }), "theories", item, 5)).toBeNull();
    expect(withAppended(doc(3), "theories", item, null)).toBeNull();
  });
});
