import { CaseDetailScreen } from "./CaseDetailScreen";

export function InvestigationDetailScreen({ id }: { id: string }) {
  return <CaseDetailScreen kind="investigation" id={id} />;
}
