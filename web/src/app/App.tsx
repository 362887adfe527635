// The app layer: composes the features (they never import each other), owns the shell and the routes.
import { useEffect } from "react";

import { api, session } from "../api";
import { UserMenu, useSession } from "../features/auth";
import { ConnectionIndicator, LiveProvider } from "../features/live";
import { href, navigate, useLocation } from "../lib/router";
import { NAVIGATION, Routes } from "./Routes";
import { ThemePicker } from "./ThemePicker";

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
        <a className="brand" href={href("/alerts")}>
          MozDef
        </a>
        {current && (
          <nav aria-label="Main">
            {NAVIGATION.filter((item) => !item.admin || current.user.role === "admin").map((item) => (
              <a
                key={item.path}
                href={href(item.path)}
                aria-current={
                  location.path === item.path || location.path.startsWith(`${item.path}/`) ? "page" : undefined
                }
              >
                {item.label}
              </a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <ConnectionIndicator />
        <ThemePicker />
        <UserMenu />
      </header>
      <div id="main" tabIndex={-1} className="content">
        {current || open ? <Routes path={location.path} /> : null}
      </div>
    </LiveProvider>
  );
}
