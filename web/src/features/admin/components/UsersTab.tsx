import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { formatTime, relativeTime } from "../../../lib/format";
import { useAsync } from "../../../lib/useAsync";
import { addUser, changeOwnPassword, changeUser, listAudit, listUsers, USER_ROLES } from "../api/admin";
import type { Role, User } from "../api/admin";
import { isForbidden } from "../hooks/access";
import { lastSignIns } from "../hooks/audit";
import {
  isValid,
  normalizeUserName,
  PASSWORD_MIN,
  validateNewUser,
  validateOwnPassword,
  validateResetPassword,
} from "../hooks/validation";
import type { FormErrors } from "../hooks/validation";
import { AdminOnly, ConfirmButton, NoticeLine, SelectField, TextField } from "./Controls";
import type { Notice } from "./Controls";

/** How many recent sign-ins the "Last sign-in" column is computed from (the audit API's page limit). */
const SIGN_IN_WINDOW = 1000;

const ROLE_OPTIONS = USER_ROLES.map((role) => ({ value: role, label: capitalize(role) }));

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function sourceLabel(source: string): string {
  if (source === "oidc") return "OIDC (single sign-on)";
  if (source === "local") return "Local";
  return source;
}

/** Focus the first field a failed validation marked, so a keyboard user lands on what to fix. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
}

/** Users: who may sign in, with what role; add, change role, disable, reset password; one's own password. */
export function UsersTab({ me }: { me: { name: string; kind: string } }) {
  const users = useAsync((signal) => listUsers(signal), []);
  // the user record has no sign-in time; the audit log has every sign-in
  const signIns = useAsync(
    (signal) => listAudit({ action: "auth.login", size: SIGN_IN_WINDOW }, signal).then((page) => lastSignIns(page.records)),
    [],
  );
  const [notice, setNotice] = useState<Notice | null>(null);
  const [adding, setAdding] = useState(false);

  if (isForbidden(users.error)) return <AdminOnly name={me.name} />;

  const report = (text: string) => {
    setNotice({ kind: "ok", text });
    users.reload();
  };
  const fail = (error: unknown) => setNotice({ kind: "error", text: describeError(error) });
  const self = users.data?.find((user) => user.name === me.name);

  return (
    <section aria-labelledby="admin-users-title">
      <div className="page-head">
        <h2 id="admin-users-title">Users</h2>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add user
          </button>
        )}
      </div>
      {adding && (
        <AddUserForm
          onAdded={(user) => {
            setAdding(false);
            report(`Added ${user.role} ${user.name}.`);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <NoticeLine notice={notice} />
      <DataState
        what="users"
        loading={users.loading}
        error={users.error}
        data={users.data}
        onRetry={users.reload}
        isEmpty={(list) => list.length === 0}
        empty="No users yet."
      >
        {(list) => (
          <>
            <table className="grid admin-table" aria-label="Users" aria-busy={users.loading}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Source</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {[...list]
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((user) => (
                    <UserRow
                      key={user.name}
                      user={user}
                      self={user.name === me.name}
                      lastSignIn={signIns.data?.get(user.name) ?? null}
                      onDone={report}
                      onFail={fail}
                    />
                  ))}
              </tbody>
            </table>
            <p className="hint">
              {signIns.error
                ? `Last sign-ins are unavailable: ${describeError(signIns.error)}.`
                : `Last sign-in comes from the audit log's newest ${SIGN_IN_WINDOW.toLocaleString()} sign-ins.`}{" "}
              Changing a user's role, password or status signs them out everywhere.
            </p>
          </>
        )}
      </DataState>
      {me.kind === "user" && (
        <OwnPasswordForm
          name={me.name}
          oidc={self?.source === "oidc"}
          onChanged={() => setNotice({ kind: "ok", text: "Your password was changed. Your other sessions were signed out." })}
        />
      )}
    </section>
  );
}

function UserRow({
  user,
  self,
  lastSignIn,
  onDone,
  onFail,
}: {
  user: User;
  self: boolean;
  lastSignIn: string | null;
  onDone: (text: string) => void;
  onFail: (error: unknown) => void;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const noteId = useId();
  useEffect(() => setRole(user.role), [user.role]);

  async function change(changes: Parameters<typeof changeUser>[1], done: string) {
    setBusy(true);
    try {
      await changeUser(user.name, changes);
      onDone(done);
    } catch (error) {
      onFail(error);
    } finally {
      setBusy(false);
    }
  }

  const oidc = user.source === "oidc";
  return (
    <>
      <tr className={user.disabled ? "admin-row-disabled" : undefined}>
        <th scope="row">
          {user.name}
          {self && <span className="meta"> (you)</span>}
        </th>
        <td>
          {self ? (
            <>
              {capitalize(user.role)}
              <div className="meta">Another admin must change your role.</div>
            </>
          ) : (
            <div className="admin-role">
              <select
                aria-label={`Role of ${user.name}`}
                aria-describedby={oidc ? noteId : undefined}
                value={role}
                disabled={busy}
                onChange={(event) => setRole(event.target.value as Role)}
              >
                {/* a role outside the usual three (an old shipper user) stays visible */}
                {(ROLE_OPTIONS.some((option) => option.value === user.role)
                  ? ROLE_OPTIONS
                  : [...ROLE_OPTIONS, { value: user.role, label: capitalize(user.role) }]
                ).map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
              {role !== user.role && (
                <>
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => void change({ role }, `${user.name} is now ${role}.`)}
                  >
                    Save role
                  </button>
                  <button type="button" disabled={busy} onClick={() => setRole(user.role)}>
                    Undo
                  </button>
                </>
              )}
              {oidc && (
                <div id={noteId} className="meta">
                  The provider's groups set it again at each sign-in.
                </div>
              )}
            </div>
          )}
        </td>
        <td>
          <span className={`badge ${user.disabled ? "admin-state-off" : "admin-state-on"}`}>
            {user.disabled ? "Disabled" : "Active"}
          </span>
        </td>
        <td>{sourceLabel(user.source)}</td>
        <td>
          {lastSignIn ? (
            <time dateTime={lastSignIn} title={formatTime(lastSignIn)}>
              {relativeTime(lastSignIn)}
            </time>
          ) : (
            <span className="meta">—</span>
          )}
        </td>
        <td>
          <time dateTime={user.created}>{formatTime(user.created)}</time>
        </td>
        <td>
          <div className="actions admin-row-actions">
            {self ? (
              <span className="meta">Change your password below.</span>
            ) : (
              <>
                {user.disabled ? (
                  <button
                    type="button"
                    aria-label={`Enable ${user.name}`}
                    disabled={busy}
                    onClick={() => void change({ disabled: false }, `${user.name} may sign in again.`)}
                  >
                    Enable
                  </button>
                ) : (
                  <ConfirmButton
                    label={`Disable ${user.name}`}
                    question={`Disable ${user.name} and sign them out?`}
                    confirm="Disable"
                    disabled={busy}
                    onConfirm={() => change({ disabled: true }, `${user.name} is disabled and was signed out.`)}
                  >
                    Disable
                  </ConfirmButton>
                )}
                {!oidc && !resetting && (
                  <button
                    type="button"
                    aria-label={`Reset password of ${user.name}`}
                    disabled={busy}
                    onClick={() => setResetting(true)}
                  >
                    Reset password
                  </button>
                )}
              </>
            )}
          </div>
        </td>
      </tr>
      {resetting && (
        <tr className="admin-subrow">
          <td colSpan={7}>
            <ResetPasswordForm
              name={user.name}
              onDone={(text) => {
                setResetting(false);
                onDone(text);
              }}
              onCancel={() => setResetting(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function AddUserForm({ onAdded, onCancel }: { onAdded: (user: User) => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors: FormErrors<"name" | "password" | "confirm"> = checked
    ? validateNewUser({ name, password, confirm })
    : {};

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    if (!isValid(validateNewUser({ name, password, confirm }))) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onAdded(await addUser(normalizeUserName(name), role, password));
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <form className="panel admin-form" aria-label="Add a user" onSubmit={submit} noValidate>
      <h3>Add a local user</h3>
      <div className="admin-form-fields">
        <TextField
          label="User name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          autoComplete="off"
          autoFocus
          required
        />
        <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} />
        <TextField
          label="Initial password"
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN} characters.`}
          autoComplete="new-password"
          required
        />
        <TextField
          label="Confirm password"
          type="password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={errors.confirm}
          autoComplete="new-password"
          required
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Add user
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

function ResetPasswordForm({
  name,
  onDone,
  onCancel,
}: {
  name: string;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = checked ? validateResetPassword({ password, confirm }) : {};

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    if (!isValid(validateResetPassword({ password, confirm }))) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeUser(name, { password });
      onDone(`New password set for ${name}; they were signed out.`);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" aria-label={`Reset password of ${name}`} onSubmit={submit} noValidate>
      <div className="admin-form-fields">
        <TextField
          label={`New password for ${name}`}
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN} characters.`}
          autoComplete="new-password"
          autoFocus
        />
        <TextField
          label="Confirm new password"
          type="password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={errors.confirm}
          autoComplete="new-password"
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Set password
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

function OwnPasswordForm({ name, oidc, onChanged }: { name: string; oidc: boolean; onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = checked ? validateOwnPassword({ current, password, confirm }) : {};

  if (oidc) {
    return (
      <section className="panel" aria-labelledby="admin-own-password">
        <h3 id="admin-own-password">Your password</h3>
        <p className="hint">You sign in through single sign-on: your password is managed by the identity provider.</p>
      </section>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    if (!isValid(validateOwnPassword({ current, password, confirm }))) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeOwnPassword(current, password);
      setCurrent("");
      setPassword("");
      setConfirm("");
      setChecked(false);
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-own-password">
      <h3 id="admin-own-password">Change your password</h3>
      <form className="admin-form" aria-label="Change your password" onSubmit={submit} noValidate>
        {/* lets password managers file the change under the right account */}
        <input type="text" name="username" autoComplete="username" value={name} readOnly hidden />
        <div className="admin-form-fields">
          <TextField
            label="Current password"
            type="password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            error={errors.current}
            autoComplete="current-password"
          />
          <TextField
            label="New password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={errors.password}
            hint={`At least ${PASSWORD_MIN} characters. Your other sessions will be signed out.`}
            autoComplete="new-password"
          />
          <TextField
            label="Confirm new password"
            type="password"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            error={errors.confirm}
            autoComplete="new-password"
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Change my password
          </button>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
