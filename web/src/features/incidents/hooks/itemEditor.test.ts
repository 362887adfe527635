import { describe, expect, it } from "vitest";

import {
  changedFields,
  initialItemEditor,
  itemConflictNeedsAnalyst,
  itemEditorReducer,
  itemPatch,
  pickValues,
  removalOutcome,
} from "./itemEditor";
import type { ItemEditorAction, ItemEditorState } from "./itemEditor";

const theory = { id: "t1", text: "Phished credentials", status: "proposed", author: "alice", added: "x" };
const fields = ["text", "status"];
const run = (...actions: ItemEditorAction[]): ItemEditorState => actions.reduce(itemEditorReducer, initialItemEditor);
const start: ItemEditorAction = { type: "start", itemId: "t1", values: pickValues(theory, fields), version: 7 };

describe("editing one item", () => {
  it("picks only the editable fields", () => {
    expect(pickValues(theory, fields)).toEqual({ text: "Phished credentials", status: "proposed" });
    expect(pickValues(undefined, ["temporary"])).toEqual({ temporary: null });
  });

  it("sends only what changed, at the shown version when the item is untouched", () => {
    const state = run(start, { type: "change", field: "status", value: "confirmed" });
    expect(changedFields(state.edit!)).toEqual(["status"]);
    expect(itemPatch(state.edit!, pickValues(theory, fields), 9)).toEqual({ version: 9, changes: { status: "confirmed" } });
  });

  it("sends the version it was opened at when someone changed the same field", () => {
    const state = run(start, { type: "change", field: "status", value: "confirmed" });
    const theirs = { text: "Phished credentials", status: "refuted" };
    expect(itemPatch(state.edit!, theirs, 9)?.version).toBe(7);
  });

  it("nothing changed is no patch", () => {
    const state = run(start, { type: "change", field: "status", value: "proposed" });
    expect(itemPatch(state.edit!, null, 9)).toBeNull();
  });

  it("a 409 on another field of the item needs no prompt; on this one or a removed item it does", () => {
    const state = run(start, { type: "change", field: "status", value: "confirmed" });
    expect(itemConflictNeedsAnalyst(state.edit!, { text: "Changed text", status: "proposed" })).toBe(false);
    expect(itemConflictNeedsAnalyst(state.edit!, { text: "Phished credentials", status: "refuted" })).toBe(true);
    expect(itemConflictNeedsAnalyst(state.edit!, null)).toBe(true);
  });

  it("holds a conflict with both sides and re-applies mine on theirs", () => {
    const theirs = { text: "Phished credentials", status: "refuted" };
    const conflicted = run(
      start,
      { type: "change", field: "status", value: "confirmed" },
      { type: "save" },
      { type: "conflict", theirs, version: 8 },
    );
    expect(conflicted.saving).toBe(false);
    expect(conflicted.conflict?.fields).toEqual([
      { field: "status", original: "proposed", mine: "confirmed", theirs: "refuted" },
    ]);
    const reapplied = itemEditorReducer(conflicted, { type: "reapply" });
    expect(reapplied.conflict).toBeNull();
    expect(itemPatch(reapplied.edit!, theirs, 8)).toEqual({ version: 8, changes: { status: "confirmed" } });
  });

  it("keep theirs and a successful save close the editor", () => {
    const state = run(start, { type: "change", field: "text", value: "x" }, { type: "save" }, { type: "saved" });
    expect(state).toEqual(initialItemEditor);
    const kept = run(start, { type: "conflict", theirs: null, version: 8 }, { type: "keepTheirs" });
    expect(kept).toEqual(initialItemEditor);
  });

  it("cannot re-apply onto a removed item", () => {
    const state = run(start, { type: "change", field: "text", value: "x" }, { type: "conflict", theirs: null, version: 8 });
    expect(itemEditorReducer(state, { type: "reapply" })).toBe(state);
  });

  it("a failed save keeps the draft and says why", () => {
    const state = run(start, { type: "change", field: "text", value: "x" }, { type: "save" }, { type: "failed", error: "422" });
    expect(state.edit?.draft.text).toBe("x");
    expect(state.error).toBe("422");
    expect(state.saving).toBe(false);
  });
});

describe("removing an item after a 409", () => {
  const seen = { text: "a", status: "proposed" };
  it("is done when the item is gone, retried when it is as seen, asked when it changed", () => {
    expect(removalOutcome(seen, null)).toBe("gone");
    expect(removalOutcome(seen, { text: "a", status: "proposed" })).toBe("retry");
    expect(removalOutcome(seen, { text: "a", status: "refuted" })).toBe("changed");
  });
});
