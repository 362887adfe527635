// features/incidents: incidents and investigations (one model, parameterised by kind): the lists and the
// detail page, live, with presence, the edit/409 flow, items, VERIS and the timeline.
export { IncidentListScreen } from "./components/IncidentListScreen";
export { IncidentDetailScreen } from "./components/IncidentDetailScreen";
export { InvestigationListScreen } from "./components/InvestigationListScreen";
export { InvestigationDetailScreen } from "./components/InvestigationDetailScreen";
