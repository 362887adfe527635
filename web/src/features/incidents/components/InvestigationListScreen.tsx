import { CaseListScreen } from "./CaseListScreen";

export function InvestigationListScreen() {
  return <CaseListScreen kind="investigation" />;
}
