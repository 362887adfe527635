import { useId } from "react";

import { ChangesTable, ConflictChoices, ConflictPrompt } from "../../../components/ConflictPrompt";
import { PHASES } from "../api/attackers";
import type { Attacker } from "../api/attackers";
import { isDirty } from "../hooks/profile";
import type { ProfileEditState, ProfileField } from "../hooks/profile";

/** Name, tags and phase of the profile, saved together against the version read; the 409 prompt. */
export function ProfileEditor({
  doc,
  edit,
  readOnly,
  onChange,
  onSave,
  onReset,
  onKeepTheirs,
  onReapply,
}: {
  doc: Attacker;
  edit: ProfileEditState;
  readOnly: boolean;
  onChange: (field: ProfileField, value: string) => void;
  onSave: () => void;
  onReset: () => void;
  onKeepTheirs: () => void;
  onReapply: () => void;
}) {
  const ids = { title: useId(), name: useId(), tags: useId(), tagsHint: useId(), phase: useId() };
  const dirty = isDirty(edit);
  const locked = readOnly || edit.saving || edit.conflict !== null;
  return (
    <section className="panel" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Profile</h2>
      {edit.conflict && (
        <ProfileConflict conflict={edit.conflict} onKeepTheirs={onKeepTheirs} onReapply={onReapply} />
      )}
      <form
        className="profile-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (dirty && !locked) onSave();
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape" && dirty && !edit.saving) onReset();
        }}
      >
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={edit.draft.name}
          maxLength={200}
          disabled={locked}
          placeholder="the actor's name, if known"
          onChange={(event) => onChange("name", event.target.value)}
        />
        <label htmlFor={ids.tags}>Tags</label>
        <input
          id={ids.tags}
          value={edit.draft.tags}
          disabled={locked}
          aria-describedby={ids.tagsHint}
          onChange={(event) => onChange("tags", event.target.value)}
        />
        <span id={ids.tagsHint} className="hint">
          Separated by commas.
        </span>
        <label htmlFor={ids.phase}>Phase</label>
        <select
          id={ids.phase}
          value={edit.draft.phase}
          disabled={locked}
          onChange={(event) => onChange("phase", event.target.value)}
        >
          <option value="">Derived from alerts ({doc.phase_derived ?? "none yet"})</option>
          {PHASES.map((phase) => (
            <option key={phase} value={phase}>
              {phase}
            </option>
          ))}
        </select>
        <div className="actions">
          <button type="submit" className="primary" disabled={!dirty || locked}>
            {edit.saving ? "Saving…" : "Save changes"}
          </button>
          <button type="button" onClick={onReset} disabled={!dirty || edit.saving || edit.conflict !== null}>
            Discard changes
          </button>
          <span className="meta">Version {edit.base?.version ?? doc.version}</span>
        </div>
        {readOnly && <p className="hint">Your role may read profiles but not change them.</p>}
        {edit.error && (
          <p className="error" role="alert">
            Could not save: {edit.error}
          </p>
        )}
      </form>
    </section>
  );
}

function ProfileConflict({
  conflict,
  onKeepTheirs,
  onReapply,
}: {
  conflict: NonNullable<ProfileEditState["conflict"]>;
  onKeepTheirs: () => void;
  onReapply: () => void;
}) {
  const version = conflict.theirs.version;
  return (
    <ConflictPrompt
      title="Someone changed this profile before you saved"
      text={
        `Your changes were made on an older version; the profile is now at version ${version}. ` +
        "Nothing of yours was saved yet."
      }
      onEscape={onKeepTheirs}
    >
      <ChangesTable
        columns={["Was", "Their version", "Your change"]}
        rows={conflict.rows.map((row) => ({
          field: row.field,
          values: [row.was || "—", row.theirs || "—", row.mine || "—"],
        }))}
      />
      <ConflictChoices
        keep="Keep theirs (discard my changes)"
        reapply={`Apply my changes on top of version ${version}`}
        onKeep={onKeepTheirs}
        onReapply={onReapply}
      />
    </ConflictPrompt>
  );
}
