import { describe, expect, it } from "vitest";

import type { Attacker } from "../api/attackers";
import {
  addressQuery,
  alertsHref,
  attackerHref,
  changesFrom,
  countRows,
  draftOf,
  initialProfileEdit,
  mentions,
  isDirty,
  parseMergeIds,
  parseTags,
  patchOf,
  profileEditReducer,
  searchHref,
} from "./profile";
import type { ProfileEditAction, ProfileEditState } from "./profile";

function doc(version: number, extra: Partial<Attacker> = {}): Attacker {
  return {
    id: "203.0.113.7",
    version,
    created: "2026-11-01T00:00:00Z",
    updated: "2026-11-01T00:00:00Z",
    address: "203.0.113.7",
    addresses: ["203.0.113.7"],
    alert_count: 3,
    event_count: 9,
    categories: { scan: 3 },
    severities: {},
    countries: {},
    targets: {},
    rules: {},
    score: 9,
    name: null,
    tags: ["scanner"],
    phase: "reconnaissance",
    phase_derived: "reconnaissance",
    phase_override: null,
    ...extra,
  };
}

const run = (...actions: ProfileEditAction[]): ProfileEditState => actions.reduce(profileEditReducer, initialProfileEdit);

describe("parseTags", () => {
  it("splits on commas and newlines, trims, drops empties and repeats", () => {
    expect(parseTags(" a, b ,,\nc, a ")).toEqual(["a", "b", "c"]);
    expect(parseTags("")).toEqual([]);
  });
});

describe("changesFrom", () => {
  it("sends only what changed", () => {
    const d = doc(1);
    expect(changesFrom(d, draftOf(d))).toEqual({});
    expect(changesFrom(d, { ...draftOf(d), name: " Bear " })).toEqual({ name: "Bear" });
    expect(changesFrom(d, { ...draftOf(d), tags: "scanner, apt" })).toEqual({ tags: ["scanner", "apt"] });
    expect(changesFrom(d, { ...draftOf(d), phase: "delivery" })).toEqual({ phase: "delivery" });
  });
  it("clears a name with null, and the phase override with null", () => {
    const d = doc(1, { name: "Bear", phase_override: "delivery", phase: "delivery" });
    expect(changesFrom(d, { ...draftOf(d), name: "  " })).toEqual({ name: null });
    expect(changesFrom(d, { ...draftOf(d), phase: "" })).toEqual({ phase: null });
  });
  it("does not count a reformatted tag list as a change", () => {
    const d = doc(1, { tags: ["a", "b"] });
    expect(changesFrom(d, { ...draftOf(d), tags: "a,b, a" })).toEqual({});
  });
});

describe("profileEditReducer", () => {
  it("starts from the loaded profile; a save sends its version and the changes", () => {
    const state = run({ type: "loaded", doc: doc(3) }, { type: "edit", field: "name", value: "Bear" });
    expect(isDirty(state)).toBe(true);
    expect(patchOf(state)).toEqual({ version: 3, changes: { name: "Bear" } });
    expect(patchOf(run({ type: "loaded", doc: doc(3) }))).toBeNull();
  });

  it("a saved answer becomes the new base", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Bear" },
      { type: "save" },
      { type: "saved", doc: doc(4, { name: "Bear" }) },
    );
    expect(state).toMatchObject({ saving: false, conflict: null });
    expect(state.base?.version).toBe(4);
    expect(isDirty(state)).toBe(false);
  });

  it("follows a new version silently when it changed none of the edited fields (a note was added)", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "tags", value: "scanner, apt" },
      { type: "loaded", doc: doc(4, { notes: [{ author: "me", at: "2026-11-02T00:00:00Z", text: "x" }] }) },
    );
    expect(patchOf(state)).toEqual({ version: 4, changes: { tags: ["scanner", "apt"] } });
  });

  it("keeps the old base while editing when the fields changed underneath (the save will 409)", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Mine" },
      { type: "loaded", doc: doc(4, { name: "Theirs" }) },
    );
    expect(patchOf(state)?.version).toBe(3);
  });

  it("never goes back to an older version", () => {
    const state = run({ type: "loaded", doc: doc(5) }, { type: "loaded", doc: doc(4, { name: "old" }) });
    expect(state.base?.version).toBe(5);
  });

  it("a 409 lists each changed field as it was, as they saved it, and as I want it", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Mine" },
      { type: "edit", field: "phase", value: "delivery" },
      { type: "save" },
      { type: "conflict", theirs: doc(4, { name: "Theirs", tags: ["x"] }) },
    );
    expect(state.saving).toBe(false);
    expect(state.conflict?.rows).toEqual([
      { field: "name", was: "", theirs: "Theirs", mine: "Mine" },
      { field: "phase", was: "derived (reconnaissance)", theirs: "derived (reconnaissance)", mine: "delivery" },
    ]);
  });

  it("keeping theirs drops my edits", () => {
    const theirs = doc(4, { name: "Theirs" });
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Mine" },
      { type: "conflict", theirs },
      { type: "keepTheirs" },
    );
    expect(state.conflict).toBeNull();
    expect(state.base).toBe(theirs);
    expect(isDirty(state)).toBe(false);
  });

  it("re-applying puts only my changed fields on their version", () => {
    const state = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Mine" },
      { type: "conflict", theirs: doc(4, { name: "Theirs", tags: ["theirs-tag"] }) },
      { type: "reapply" },
    );
    // their tag change survives; my name goes on top of version 4
    expect(patchOf(state)).toEqual({ version: 4, changes: { name: "Mine" } });
    expect(state.draft.tags).toBe("theirs-tag");
  });

  it("a failure keeps the draft and says why; reset drops the draft", () => {
    const failed = run(
      { type: "loaded", doc: doc(3) },
      { type: "edit", field: "name", value: "Mine" },
      { type: "save" },
      { type: "failed", error: "the role viewer may not write" },
    );
    expect(failed.error).toBe("the role viewer may not write");
    expect(patchOf(failed)?.changes).toEqual({ name: "Mine" });
    expect(isDirty(profileEditReducer(failed, { type: "reset" }))).toBe(false);
  });

  it("ignores an unknown phase", () => {
    const state = run({ type: "loaded", doc: doc(3) }, { type: "edit", field: "phase", value: "lunch" });
    expect(state.draft.phase).toBe("");
  });
});

describe("parseMergeIds", () => {
  it("splits on spaces, commas and semicolons, without itself or repeats", () => {
    expect(parseMergeIds("10.0.0.1, 10.0.0.2;10.0.0.1\n 203.0.113.7 2001:db8::1", "203.0.113.7")).toEqual([
      "10.0.0.1",
      "10.0.0.2",
      "2001:db8::1",
    ]);
    expect(parseMergeIds("  ", "x")).toEqual([]);
  });
});

describe("links out", () => {
  it("searches events from one address, quoted so IPv6 colons stay in the value", () => {
    expect(addressQuery(["2001:db8::1"])).toBe('details.sourceipaddress:"2001:db8::1"');
    expect(addressQuery(["10.0.0.1", "10.0.0.2"])).toBe('details.sourceipaddress:("10.0.0.1" OR "10.0.0.2")');
  });

  it("searches from an hour before first seen until now", () => {
    const link = searchHref(["10.0.0.1"], "2026-11-27T12:00:00Z");
    expect(link.startsWith("#/search?")).toBe(true);
    const params = new URLSearchParams(link.slice("#/search?".length));
    expect(params.get("q")).toBe('details.sourceipaddress:"10.0.0.1"');
    expect(params.get("start")).toBe("2026-11-27T11:00:00.000Z");
    expect(params.get("end")).toBe("now");
    expect(new URLSearchParams(searchHref(["x"], null).split("?")[1]).get("start")).toBe("now-7d");
  });

  it("links to alerts and profiles", () => {
    expect(alertsHref({ q: "10.0.0.1" })).toBe("#/alerts?q=10.0.0.1&range=30d");
    expect(alertsHref({ rule_id: "r 1", category: "" })).toBe("#/alerts?q=r+1&range=30d");
    expect(alertsHref({ category: "bruteforce" })).toBe("#/alerts?category=bruteforce&range=30d");
    expect(attackerHref("2001:db8::1")).toBe("#/attackers/2001%3Adb8%3A%3A1");
  });

  it("orders counters largest first, ties by name", () => {
    expect(countRows({ b: 1, a: 1, c: 5 })).toEqual([
      { key: "c", count: 5 },
      { key: "a", count: 1 },
      { key: "b", count: 1 },
    ]);
    expect(countRows(undefined)).toEqual([]);
  });
});

describe("mentions", () => {
  it("finds a whole address, not a longer one that contains it", () => {
    expect(mentions("SSH bruteforce from 10.0.0.1", "10.0.0.1")).toBe(true);
    expect(mentions("from 10.0.0.1.", "10.0.0.1")).toBe(true);
    expect(mentions("(10.0.0.1, 10.0.0.2)", "10.0.0.2")).toBe(true);
    expect(mentions("from 10.0.0.12", "10.0.0.1")).toBe(false);
    expect(mentions("from 110.0.0.1", "10.0.0.1")).toBe(false);
    expect(mentions("from 10.0.0.1.5", "10.0.0.1")).toBe(false);
    expect(mentions("scan by 2001:DB8::1 seen", "2001:db8::1")).toBe(true);
    expect(mentions("scan by 2001:db8::10", "2001:db8::1")).toBe(false);
    expect(mentions("10.0.0.12 and 10.0.0.1", "10.0.0.1")).toBe(true);
    expect(mentions("anything", "")).toBe(false);
  });
});
