import { describe, expect, it } from "vitest";

import { parseHash, match } from "../../../lib/router";
import { DEFAULT_TAB, parseTab, tabLabel, tabPath, TABS } from "./tabs";

/** What the app's routes give the screen for a hash: the ``tab`` parameter of "/admin/:tab", or none. */
function tabOf(hash: string): string | undefined {
  const { path } = parseHash(hash);
  if (match("/admin", path)) return undefined;
  return match("/admin/:tab", path)?.tab;
}

describe("admin tab routing", () => {
  it("opens the users tab at /admin", () => {
    expect(DEFAULT_TAB).toBe("users");
    expect(parseTab(tabOf("#/admin"))).toBe("users");
    expect(parseTab("")).toBe("users");
  });

  it("opens each tab at its own URL", () => {
    expect(parseTab(tabOf("#/admin/users"))).toBe("users");
    expect(parseTab(tabOf("#/admin/keys"))).toBe("keys");
    expect(parseTab(tabOf("#/admin/watchlist"))).toBe("watchlist");
    expect(parseTab(tabOf("#/admin/blocklist"))).toBe("blocklist");
    expect(parseTab(tabOf("#/admin/audit?actor=alice&offset=100"))).toBe("audit");
  });

  it("accepts a tab in another case, and says null for one that does not exist", () => {
    expect(parseTab("Keys")).toBe("keys");
    expect(parseTab("settings")).toBeNull();
    expect(parseTab("apikeys")).toBeNull();
  });

  it("links every tab to a URL that routes back to it", () => {
    for (const tab of TABS) {
      const path = tabPath(tab.id);
      expect(path).toBe(`/admin/${tab.id}`);
      expect(parseTab(tabOf(`#${path}`))).toBe(tab.id);
    }
  });

  it("keeps a tab's query in its path", () => {
    expect(tabPath("audit", new URLSearchParams({ actor: "alice" }))).toBe("/admin/audit?actor=alice");
    expect(tabPath("audit", new URLSearchParams())).toBe("/admin/audit");
  });

  it("names the tabs as the end-to-end tests look them up", () => {
    expect(TABS.map((tab) => tab.label)).toEqual(["Users", "API keys", "Watchlist", "Blocklist", "Audit log"]);
    expect(tabLabel("keys")).toBe("API keys");
  });
});
