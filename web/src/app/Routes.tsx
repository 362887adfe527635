import { lazy, Suspense } from "react";

import { match } from "../lib/router";
import { ErrorBoundary } from "./ErrorBoundary";

// One chunk per screen: the sign-in screen does not load the incident pages, and so on.
const SignInScreen = lazy(() =>
  import("../features/auth/components/SignInScreen").then((m) => ({ default: m.SignInScreen })),
);
const SignedInScreen = lazy(() =>
  import("../features/auth/components/SignedInScreen").then((m) => ({ default: m.SignedInScreen })),
);
const IncidentListScreen = lazy(() =>
  import("../features/incidents/components/IncidentListScreen").then((m) => ({ default: m.IncidentListScreen })),
);
const IncidentDetailScreen = lazy(() =>
  import("../features/incidents/components/IncidentDetailScreen").then((m) => ({
    default: m.IncidentDetailScreen,
  })),
);

function screen(path: string) {
  if (path === "/signin") return <SignInScreen />;
  if (path === "/signed-in") return <SignedInScreen />;
  if (path === "/" || path === "/incidents") return <IncidentListScreen />;
  const incident = match("/incidents/:id", path);
  if (incident?.id) return <IncidentDetailScreen key={incident.id} id={incident.id} />;
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href="#/incidents">Go to incidents</a>
      </p>
    </main>
  );
}

export function Routes({ path }: { path: string }) {
  return (
    <ErrorBoundary key={path}>
      <Suspense fallback={<p role="status">Loading…</p>}>{screen(path)}</Suspense>
    </ErrorBoundary>
  );
}
