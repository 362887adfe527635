import { cssColor, phaseStyle } from "../hooks/layout";
import type { Phase } from "../api/attackers";

/** The phase as text, with the 3-D view's shape in its colour: the same key in the table and the scene. */
export function PhaseBadge({ phase, derived }: { phase: Phase | null | undefined; derived?: boolean }) {
  const style = phaseStyle(phase);
  return (
    <span className="badge attacker-phase">
      <span className="glyph" aria-hidden="true" style={{ color: cssColor(style.color) }}>
        {style.glyph}
      </span>{" "}
      {phase ?? "unknown"}
      {derived === false && <span className="visually-hidden"> (set by an analyst)</span>}
    </span>
  );
}
