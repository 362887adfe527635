import { lazy, Suspense } from "react";
import type { ComponentType, ReactNode } from "react";

import { Loading } from "../components/DataState";
import { href, match } from "../lib/router";
import { ErrorBoundary } from "./ErrorBoundary";

// One chunk per screen: the sign-in screen does not load the search page, the metrics page does not load
// three.js, and so on.
function screen<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(() => load().then((component) => ({ default: component })));
}

const SignInScreen = screen(() => import("../features/auth/components/SignInScreen").then((m) => m.SignInScreen));
const SignedInScreen = screen(() => import("../features/auth/components/SignedInScreen").then((m) => m.SignedInScreen));
const AlertsScreen = screen(() => import("../features/alerts/components/AlertsScreen").then((m) => m.AlertsScreen));
const AlertDetailScreen = screen(() => import("../features/alerts/components/AlertDetailScreen").then((m) => m.AlertDetailScreen));
const SearchScreen = screen(() => import("../features/search/components/SearchScreen").then((m) => m.SearchScreen));
const IncidentListScreen = screen(() => import("../features/incidents/components/IncidentListScreen").then((m) => m.IncidentListScreen));
const IncidentDetailScreen = screen(() => import("../features/incidents/components/IncidentDetailScreen").then((m) => m.IncidentDetailScreen));
const InvestigationListScreen = screen(() => import("../features/incidents/components/InvestigationListScreen").then((m) => m.InvestigationListScreen));
const InvestigationDetailScreen = screen(() => import("../features/incidents/components/InvestigationDetailScreen").then((m) => m.InvestigationDetailScreen));
const AttackersScreen = screen(() => import("../features/attackers/components/AttackersScreen").then((m) => m.AttackersScreen));
const AttackerDetailScreen = screen(() => import("../features/attackers/components/AttackerDetailScreen").then((m) => m.AttackerDetailScreen));
const MetricsScreen = screen(() => import("../features/metrics/components/MetricsScreen").then((m) => m.MetricsScreen));
const RulesScreen = screen(() => import("../features/rules/components/RulesScreen").then((m) => m.RulesScreen));
const RuleDetailScreen = screen(() => import("../features/rules/components/RuleDetailScreen").then((m) => m.RuleDetailScreen));
const AdminScreen = screen(() => import("../features/admin/components/AdminScreen").then((m) => m.AdminScreen));

/** The screens of the main navigation, in order; ``admin`` ones only for administrators. */
export const NAVIGATION: { path: string; label: string; admin?: boolean }[] = [
  { path: "/alerts", label: "Alerts" },
  { path: "/search", label: "Search" },
  { path: "/incidents", label: "Incidents" },
  { path: "/investigations", label: "Investigations" },
  { path: "/attackers", label: "Attackers" },
  { path: "/metrics", label: "Metrics" },
  { path: "/rules", label: "Rules" },
  { path: "/admin", label: "Admin", admin: true },
];

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: Route[] = [
  ["/signin", () => <SignInScreen />],
  ["/signed-in", () => <SignedInScreen />],
  ["/", () => <AlertsScreen />],
  ["/alerts", () => <AlertsScreen />],
  ["/alerts/:id", ({ id }) => <AlertDetailScreen key={id} id={id as string} />],
  ["/search", () => <SearchScreen />],
  ["/incidents", () => <IncidentListScreen />],
  ["/incidents/:id", ({ id }) => <IncidentDetailScreen key={id} id={id as string} />],
  ["/investigations", () => <InvestigationListScreen />],
  ["/investigations/:id", ({ id }) => <InvestigationDetailScreen key={id} id={id as string} />],
  ["/attackers", () => <AttackersScreen />],
  ["/attackers/:id", ({ id }) => <AttackerDetailScreen key={id} id={id as string} />],
  ["/metrics", () => <MetricsScreen />],
  ["/rules", () => <RulesScreen />],
  ["/rules/:id", ({ id }) => <RuleDetailScreen key={id} id={id as string} />],
  ["/admin", () => <AdminScreen />],
  ["/admin/:tab", ({ tab }) => <AdminScreen tab={tab} />],
];

function render(path: string): ReactNode {
  for (const [pattern, make] of ROUTES) {
    const params = pattern === "/" ? (path === "/" ? {} : null) : match(pattern, path);
    if (params) return make(params);
  }
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href={href("/alerts")}>Go to alerts</a>
      </p>
    </main>
  );
}

export function Routes({ path }: { path: string }) {
  return (
    <ErrorBoundary key={path}>
      <Suspense fallback={<Loading what="the page" />}>{render(path)}</Suspense>
    </ErrorBoundary>
  );
}
