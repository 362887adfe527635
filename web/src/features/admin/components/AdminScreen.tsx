import { Loading, ErrorState } from "../../../components/DataState";
import { href, useLocation } from "../../../lib/router";
import { useAdminAccess } from "../hooks/access";
import { parseTab, TABS, tabPath } from "../hooks/tabs";
import type { AdminTab } from "../hooks/tabs";
import "../admin.css";
import { ApiKeysTab } from "./ApiKeysTab";
import { AuditTab } from "./AuditTab";
import { AdminOnly } from "./Controls";
import { ListTab } from "./ListTab";
import { UsersTab } from "./UsersTab";

/**
 * The administrators' screen: users, API keys, the watchlist and blocklist, the audit log; one tab per
 * URL (#/admin/<tab>). The server refuses all of it to anyone but an admin (403), and the screen asks the
 * server who is looking before it shows anything, so someone who follows a link here is told, not shown
 * empty tables.
 */
export function AdminScreen({ tab }: { tab?: string }) {
  const access = useAdminAccess();
  const { params } = useLocation();
  const current = parseTab(tab);

  return (
    <main aria-labelledby="admin-title" className="admin">
      <h1 id="admin-title">Admin</h1>
      {access.state === "checking" ? (
        <Loading what="your access" />
      ) : access.state === "failed" ? (
        <ErrorState what="your access" error={access.error} onRetry={access.retry} />
      ) : access.state === "denied" ? (
        <AdminOnly name={access.me?.name} role={access.me?.role} />
      ) : (
        <>
          <nav className="tabs" aria-label="Admin sections">
            {TABS.map((item) => (
              <a key={item.id} href={href(tabPath(item.id))} aria-current={item.id === current ? "page" : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
          {current === null ? (
            <p className="empty">
              There is no admin section “{tab}”. <a href={href(tabPath("users"))}>Go to users</a>
            </p>
          ) : (
            <TabPanel tab={current} params={params} me={access.me} />
          )}
        </>
      )}
    </main>
  );
}

function TabPanel({ tab, params, me }: { tab: AdminTab; params: URLSearchParams; me: { name: string; kind: string } }) {
  switch (tab) {
    case "users":
      return <UsersTab me={me} />;
    case "keys":
      return <ApiKeysTab me={me} />;
    case "watchlist":
      return <ListTab key="watchlist" list="watchlist" me={me} />;
    case "blocklist":
      return <ListTab key="blocklist" list="blocklist" me={me} />;
    case "audit":
      return <AuditTab params={params} me={me} />;
  }
}
