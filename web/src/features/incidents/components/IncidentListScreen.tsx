import { CaseListScreen } from "./CaseListScreen";

export function IncidentListScreen() {
  return <CaseListScreen kind="incident" />;
}
