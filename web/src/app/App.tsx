// The app layer: composes the features (they never import each other), owns the shell and the routes.
import { useEffect } from "react";

import { api, session } from "../api";
import { UserMenu, useSession } from "../features/auth";
import { ConnectionIndicator, LiveProvider } from "../features/live";
import { href, navigate, useLocation } from "../lib/router";
import { Routes } from "./Routes";

const OPEN_PATHS = new Set(["/signin", "/signed-in"]);

export function App() {
  const current = useSession();
  const location = useLocation();
  const open = OPEN_PATHS.has(location.path);

  useEffect(() => api.startAutoRefresh(), []);
  useEffect(() => {
    // sign-in and sign-out in another tab
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key === "mozdef.session") session.reload();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);
  useEffect(() => {
    if (!current && !open) {
      const next = location.path === "/" ? "" : `?next=${encodeURIComponent(location.path)}`;
      navigate(`/signin${next}`, { replace: true });
    }
  }, [current, open, location.path]);

  return (
    <LiveProvider>
      {/* a button, not href="#main": the hash is the route */}
      <button type="button" className="skip-link" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header className="app-header">
        <a className="brand" href={href("/incidents")}>
          MozDef
        </a>
        {current && (
          <nav aria-label="Main">
            <a href={href("/incidents")} aria-current={location.path.startsWith("/incidents") ? "page" : undefined}>
              Incidents
            </a>
          </nav>
        )}
        <span className="spacer" />
        <ConnectionIndicator />
        <UserMenu />
      </header>
      <div id="main" tabIndex={-1} className="content">
        {current || open ? <Routes path={location.path} /> : null}
      </div>
    </LiveProvider>
  );
}
