// features/alerts: the live alert feed and one alert's page, with triage (acknowledge, assign, close,
// escalate, the 409 flow) and the pivot to the event search.
export { AlertsScreen } from "./components/AlertsScreen";
export { AlertDetailScreen } from "./components/AlertDetailScreen";
