import { useState } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { formatTime, relativeTime } from "../../../lib/format";
import { useAsync } from "../../../lib/useAsync";
import { createKey, KEY_ROLES, listKeys, revokeKey } from "../api/admin";
import type { ApiKey, NewApiKey, Role } from "../api/admin";
import { isForbidden } from "../hooks/access";
import { useCheckedSubmit } from "../hooks/useCheckedSubmit";
import { keyNameError } from "../hooks/validation";
import { AdminOnly, ConfirmButton, NoticeLine, SelectField, TextField } from "./Controls";
import type { Notice } from "./Controls";
import { NewKeyDialog } from "./NewKeyDialog";

const ROLE_OPTIONS = KEY_ROLES.map((role) => ({
  value: role,
  label: role === "shipper" ? "shipper (sends events)" : role === "viewer" ? "viewer (reads, e.g. a feed poller)" : role,
}));

/** Live keys first, newest first; revoked ones after, kept for the record. */
export function sortKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => {
    if (!a.revoked !== !b.revoked) return a.revoked ? 1 : -1;
    return b.created.localeCompare(a.created);
  });
}

/** API keys: what shippers and integrations authenticate with. Secrets are shown once, at creation. */
export function ApiKeysTab({ me }: { me: { name: string } }) {
  const keys = useAsync((signal) => listKeys(signal), []);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [created, setCreated] = useState<NewApiKey | null>(null);

  if (isForbidden(keys.error)) return <AdminOnly name={me.name} />;

  async function revoke(key: ApiKey) {
    try {
      await revokeKey(key.id);
      setNotice({ kind: "ok", text: `Revoked key ${key.name}. It stops working within seconds.` });
      keys.reload();
    } catch (error) {
      setNotice({ kind: "error", text: describeError(error) });
    }
  }

  return (
    <section aria-labelledby="admin-keys-title">
      <h2 id="admin-keys-title">API keys</h2>
      <CreateKeyForm
        onCreated={(answer) => {
          setCreated(answer);
          setNotice({ kind: "ok", text: `Created key ${answer.apikey.name}.` });
          keys.reload();
        }}
      />
      <NoticeLine notice={notice} />
      {created && <NewKeyDialog created={created} onClose={() => setCreated(null)} />}
      <DataState
        what="API keys"
        loading={keys.loading}
        error={keys.error}
        data={keys.data}
        onRetry={keys.reload}
        isEmpty={(list) => list.length === 0}
        empty="No API keys yet."
      >
        {(list) => (
          <table className="grid admin-table" aria-label="API keys" aria-busy={keys.loading}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {sortKeys(list).map((key) => (
                <tr key={key.id} className={key.revoked ? "admin-row-disabled" : undefined}>
                  <th scope="row">{key.name}</th>
                  <td className="mono">{key.id}</td>
                  <td>{key.role}</td>
                  <td>
                    <time dateTime={key.created}>{formatTime(key.created)}</time>
                  </td>
                  <td>
                    {key.last_used ? (
                      <time dateTime={key.last_used} title={formatTime(key.last_used)}>
                        {relativeTime(key.last_used)}
                      </time>
                    ) : (
                      <span className="meta">Never</span>
                    )}
                  </td>
                  <td>
                    {key.revoked ? (
                      <span className="badge admin-state-off">
                        Revoked <time dateTime={key.revoked}>{formatTime(key.revoked)}</time>
                      </span>
                    ) : (
                      <span className="badge admin-state-on">Active</span>
                    )}
                  </td>
                  <td>
                    {!key.revoked && (
                      <ConfirmButton
                        label={`Revoke key ${key.name}`}
                        question={`Revoke ${key.name}? Whatever uses it stops working.`}
                        confirm="Revoke"
                        onConfirm={() => revoke(key)}
                      >
                        Revoke
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (answer: NewApiKey) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("shipper");
  const form = useCheckedSubmit(
    () => !keyNameError(name),
    async () => {
      onCreated(await createKey(name.trim(), role));
      setName("");
      form.uncheck();
    },
  );
  const nameError = form.checked ? keyNameError(name) : undefined;

  return (
    <form className="panel admin-form" aria-label="Create an API key" onSubmit={form.submit} noValidate>
      <div className="admin-form-fields">
        <TextField
          label="Key name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={nameError}
          hint="What will use it, e.g. fluent-bit-web."
          maxLength={100}
          autoComplete="off"
        />
        <SelectField label="Key role" value={role} options={ROLE_OPTIONS} onChange={setRole} />
        <div className="admin-field admin-field-button">
          <button type="submit" className="primary" disabled={form.busy}>
            Create key
          </button>
        </div>
      </div>
      <p className="hint">Keys do not expire: revoke one when it is no longer needed.</p>
      {form.error && (
        <p className="error" role="alert">
          {form.error}
        </p>
      )}
    </form>
  );
}
