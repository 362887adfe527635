import { CaseDetailScreen } from "./CaseDetailScreen";

export function IncidentDetailScreen({ id }: { id: string }) {
  return <CaseDetailScreen kind="incident" id={id} />;
}
