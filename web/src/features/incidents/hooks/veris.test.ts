import { describe, expect, it } from "vitest";

import { filterVeris, flattenGroups, groupLabel, groupVeris, moveActive, toggleTag, verisOptions } from "./veris";

const tree = {
  actor: { external: { variety: ["Activist", "Organized crime"], motive: ["Financial"] } },
  action: {
    hacking: { variety: ["Brute force", "SQLi"], vector: ["Web application"] },
    social: { variety: ["Phishing"] },
  },
  asset: { variety: ["S - Web application", "U - Laptop"] },
};

describe("VERIS options", () => {
  const options = verisOptions(tree);

  it("offers every value and the coarse nodes, not the enumeration names or categories", () => {
    const paths = options.map((o) => o.path);
    expect(paths).toContain("action.hacking.variety.Brute force");
    expect(paths).toContain("action.hacking");
    expect(paths).toContain("asset.variety.U - Laptop");
    expect(paths).not.toContain("action.hacking.variety");
    expect(paths).not.toContain("action");
    expect(paths).not.toContain("asset.variety");
  });

  it("groups each option under its parent, in tree order", () => {
    const groups = groupVeris(options);
    expect(groups.map((g) => g.group)).toEqual([
      "actor",
      "actor.external.variety",
      "actor.external.motive",
      "action",
      "action.hacking.variety",
      "action.hacking.vector",
      "action.social.variety",
      "asset.variety",
    ]);
    expect(groups.find((g) => g.group === "action")?.options.map((o) => o.label)).toEqual(["hacking", "social"]);
    expect(groupLabel("action.hacking.variety")).toBe("Action › Hacking › Variety");
  });

  it("finds by every word, ignoring case, own label first", () => {
    expect(filterVeris(options, "hack brute").map((o) => o.path)).toEqual(["action.hacking.variety.Brute force"]);
    expect(filterVeris(options, "WEB APP").map((o) => o.path)).toEqual([
      "action.hacking.vector.Web application",
      "asset.variety.S - Web application",
    ]);
    expect(filterVeris(options, "phishing")[0]?.path).toBe("action.social.variety.Phishing");
    expect(filterVeris(options, "action.social").map((o) => o.path)).toEqual([
      "action.social",
      "action.social.variety.Phishing",
    ]);
    expect(filterVeris(options, "nothing like it")).toEqual([]);
    expect(filterVeris(options, "  ")).toHaveLength(options.length);
  });

  it("keyboard order is the grouped order", () => {
    const shown = flattenGroups(groupVeris(filterVeris(options, "web")));
    expect(shown.map((o) => o.group)).toEqual(["action.hacking.vector", "asset.variety"]);
  });

  it("ignores what is not shaped like the tree", () => {
    expect(verisOptions(null)).toEqual([]);
    expect(verisOptions({ action: { x: [1, null, "ok"] } }).map((o) => o.path)).toEqual(["action.x.ok"]);
  });
});

describe("picker keys", () => {
  it("moves and wraps", () => {
    expect(moveActive("ArrowDown", -1, 3)).toBe(0);
    expect(moveActive("ArrowDown", 2, 3)).toBe(0);
    expect(moveActive("ArrowUp", 0, 3)).toBe(2);
    expect(moveActive("End", 0, 3)).toBe(2);
    expect(moveActive("PageDown", 0, 30)).toBe(10);
    expect(moveActive("a", 0, 3)).toBeNull();
    expect(moveActive("ArrowDown", 0, 0)).toBeNull();
  });

  it("toggles a tag", () => {
    expect(toggleTag(["a"], "b")).toEqual(["a", "b"]);
    expect(toggleTag(["a", "b"], "a")).toEqual(["b"]);
  });
});
