// The admin screen's sections: one URL each (#/admin/<tab>), so a section can be linked to, bookmarked and
// reached with the back button.

export const TABS = [
  { id: "users", label: "Users" },
  { id: "keys", label: "API keys" },
  { id: "watchlist", label: "Watchlist" },
  { id: "blocklist", label: "Blocklist" },
  { id: "audit", label: "Audit log" },
] as const;

export type AdminTab = (typeof TABS)[number]["id"];

export const DEFAULT_TAB: AdminTab = "users";

/** The tab a route parameter names: the default for none ("/admin"), null for one that does not exist. */
export function parseTab(tab: string | undefined): AdminTab | null {
  if (tab === undefined || tab === "") return DEFAULT_TAB;
  const wanted = tab.toLowerCase();
  return TABS.find((item) => item.id === wanted)?.id ?? null;
}

/** The in-app path of a tab, with its own query (the audit log keeps its filters in the URL). */
export function tabPath(tab: AdminTab, query?: URLSearchParams): string {
  const text = query?.toString() ?? "";
  return `/admin/${tab}${text ? `?${text}` : ""}`;
}

export function tabLabel(tab: AdminTab): string {
  return TABS.find((item) => item.id === tab)?.label ?? tab;
}
