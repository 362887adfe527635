// features/incidents: the list and the detail page, live, with the edit/409 flow.
export { IncidentListScreen } from "./components/IncidentListScreen";
export { IncidentDetailScreen } from "./components/IncidentDetailScreen";
