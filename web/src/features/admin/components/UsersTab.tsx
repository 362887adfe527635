import { useEffect, useId, useState } from "react";

import { describeError } from "../../../api";
import { DataState } from "../../../components/DataState";
import { FormActions } from "../../../components/FormActions";
import { formatTime, relativeTime } from "../../../lib/format";
import { useAsync } from "../../../lib/useAsync";
import { addUser, changeOwnPassword, changeUser, listAudit, listUsers, USER_ROLES } from "../api/admin";
import type { Role, User } from "../api/admin";
import { isForbidden } from "../hooks/access";
import { lastSignIns } from "../hooks/audit";
import { useCheckedSubmit } from "../hooks/useCheckedSubmit";
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
  const pair = usePasswordPair();
  const { password, confirm } = pair;
  const form = useCheckedSubmit(
    () => isValid(validateNewUser({ name, password, confirm })),
    async () => onAdded(await addUser(normalizeUserName(name), role, password)),
  );
  const errors: FormErrors<"name" | "password" | "confirm"> = form.checked
    ? validateNewUser({ name, password, confirm })
    : {};

  return (
    <form className="panel admin-form" aria-label="Add a user" onSubmit={form.submit} noValidate>
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
        <PasswordFields label="Initial password" confirmLabel="Confirm password" pair={pair} errors={errors} required />
      </div>
      <FormActions submit="Add user" disabled={form.busy} onCancel={onCancel} error={form.error} />
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
  const pair = usePasswordPair();
  const { password, confirm } = pair;
  const form = useCheckedSubmit(
    () => isValid(validateResetPassword({ password, confirm })),
    async () => {
      await changeUser(name, { password });
      onDone(`New password set for ${name}; they were signed out.`);
    },
  );
  const errors = form.checked ? validateResetPassword({ password, confirm }) : {};

  return (
    <form className="admin-form" aria-label={`Reset password of ${name}`} onSubmit={form.submit} noValidate>
      <div className="admin-form-fields">
        <PasswordFields label={`New password for ${name}`} pair={pair} errors={errors} autoFocus />
      </div>
      <FormActions submit="Set password" disabled={form.busy} onCancel={onCancel} error={form.error} />
    </form>
  );
}

function OwnPasswordForm({ name, oidc, onChanged }: { name: string; oidc: boolean; onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const pair = usePasswordPair();
  const { password, confirm } = pair;
  const form = useCheckedSubmit(
    () => isValid(validateOwnPassword({ current, password, confirm })),
    async () => {
      await changeOwnPassword(current, password);
      setCurrent("");
      pair.clear();
      form.uncheck();
      onChanged();
    },
  );
  const errors = form.checked ? validateOwnPassword({ current, password, confirm }) : {};

  if (oidc) {
    return (
      <section className="panel" aria-labelledby="admin-own-password">
        <h3 id="admin-own-password">Your password</h3>
        <p className="hint">You sign in through single sign-on: your password is managed by the identity provider.</p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="admin-own-password">
      <h3 id="admin-own-password">Change your password</h3>
      <form className="admin-form" aria-label="Change your password" onSubmit={form.submit} noValidate>
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
          <PasswordFields
            label="New password"
            hint={`At least ${PASSWORD_MIN} characters. Your other sessions will be signed out.`}
            pair={pair}
            errors={errors}
          />
        </div>
        <FormActions submit="Change my password" disabled={form.busy} error={form.error} />
      </form>
    </section>
  );
}

interface PasswordPair {
  password: string;
  confirm: string;
  setPassword: (value: string) => void;
  setConfirm: (value: string) => void;
  clear: () => void;
}

/** A new password and the same typed again. */
function usePasswordPair(): PasswordPair {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  return {
    password,
    confirm,
    setPassword,
    setConfirm,
    clear: () => {
      setPassword("");
      setConfirm("");
    },
  };
}

/** The two fields of a new password, each with its error once the form was sent. */
function PasswordFields({
  label,
  confirmLabel = "Confirm new password",
  hint = `At least ${PASSWORD_MIN} characters.`,
  pair,
  errors,
  autoFocus,
  required,
}: {
  label: string;
  confirmLabel?: string;
  hint?: string;
  pair: PasswordPair;
  errors: FormErrors<"password" | "confirm">;
  autoFocus?: boolean;
  required?: boolean;
}) {
  return (
    <>
      <TextField
        label={label}
        type="password"
        value={pair.password}
        onChange={(event) => pair.setPassword(event.target.value)}
        error={errors.password}
        hint={hint}
        autoComplete="new-password"
        autoFocus={autoFocus}
        required={required}
      />
      <TextField
        label={confirmLabel}
        type="password"
        value={pair.confirm}
        onChange={(event) => pair.setConfirm(event.target.value)}
        error={errors.confirm}
        autoComplete="new-password"
        required={required}
      />
    </>
  );
}
