import { ChangesTable, ConflictChoices, ConflictPrompt } from "../../../components/ConflictPrompt";
import { formatTime } from "../../../lib/format";
import type { Conflict, EditField, Value } from "../hooks/editor";
import { isDateField } from "../hooks/editor";
import { fieldLabel } from "./labels";

function show(field: EditField, value: Value): string {
  if (value === null || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  return isDateField(field) ? formatTime(value) : value;
}

/** The 409 prompt: someone saved this case first; keep theirs, or put this analyst's edits on top. */
export function ConflictDialog({
  conflict,
  actor,
  noun,
  onReload,
  onReapply,
}: {
  conflict: Conflict;
  actor: string | null;
  noun: string;
  onReload: () => void;
  onReapply: () => void;
}) {
  const who = actor ?? "Another analyst";
  const version = conflict.theirs.version;
  return (
    <ConflictPrompt
      title={`${who} changed this ${noun} before you saved`}
      text={
        `Your edits were made on an older version. The ${noun} is now at version ${version}. ` +
        "Nothing of yours was saved yet."
      }
      onEscape={onReload}
    >
      <ChangesTable
        columns={["Before", "Their version", "Your edit"]}
        cellClassName="pre"
        rows={conflict.fields.map((item) => ({
          field: item.field,
          label: fieldLabel(item.field),
          values: [show(item.field, item.original), show(item.field, item.theirs), show(item.field, item.mine)],
        }))}
      />
      <ConflictChoices
        keep="Keep theirs (discard my edits)"
        reapply={`Apply my edits on top of version ${version}`}
        onKeep={onReload}
        onReapply={onReapply}
      />
    </ConflictPrompt>
  );
}
