// Words for the case's fields, shared by the screens of this feature.
import type { EditField } from "../hooks/editor";

const LABELS: Partial<Record<EditField, string>> = {
  owner: "Assignee",
  veris: "VERIS",
  references: "References",
};

/** "Summary", "Assignee", "Closed date". */
export function fieldLabel(field: EditField): string {
  if (field.startsWith("dates.")) {
    const name = field.slice("dates.".length);
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} date`;
  }
  return LABELS[field] ?? `${field.charAt(0).toUpperCase()}${field.slice(1)}`;
}

/** Cut ``text`` to ``max`` characters for an accessible name or a title. */
export function short(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

