// Badges carry their meaning as text; colour only reinforces it.
import type { RunState } from "../hooks/labels";
import { severityLevel } from "../hooks/labels";

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity-${severityLevel(severity)}`}>{severity}</span>;
}

export function HealthBadge({ state }: { state: RunState }) {
  return (
    <span className={`badge rule-health rule-health-${state.health}`} title={state.error ?? undefined}>
      {state.health === "failing" && <span aria-hidden="true">⚠ </span>}
      {state.label}
    </span>
  );
}
