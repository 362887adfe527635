import { useId, useState } from "react";
import type { FormEvent } from "react";

import { ApiError, describeError } from "../../../api";
import { navigate, useLocation } from "../../../lib/router";
import { signIn } from "../api/auth";
import { useAuthConfig } from "../hooks/useAuthConfig";

/** Where to go after signing in: the page that sent the analyst here, never another site. */
export function afterSignIn(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/signin") ? next : "/alerts";
}

export function SignInScreen() {
  const { params } = useLocation();
  const { config, error: configError } = useAuthConfig();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(params.get("error"));
  const ids = { user: useId(), password: useId(), error: useId() };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(afterSignIn(params.get("next")), { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? "Wrong user name or password, or the account may not sign in now."
          : describeError(failure),
      );
      setBusy(false);
    }
  }

  const oidc = config?.oidc;
  return (
    <main className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to MozDef</h1>
      {config?.password !== false && (
        <form onSubmit={submit} aria-describedby={error ? ids.error : undefined} noValidate>
          <label htmlFor={ids.user}>User name</label>
          <input
            id={ids.user}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            autoFocus
          />
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
          <button type="submit" className="primary" disabled={busy || !username.trim() || !password}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      )}
      {oidc?.enabled && oidc.login_url && (
        <p>
          <a className="button" href={oidc.login_url}>
            {oidc.label || "Sign in with single sign-on"}
          </a>
        </p>
      )}
      {error && (
        <p id={ids.error} className="error" role="alert">
          {error}
        </p>
      )}
      {configError && (
        <p className="error" role="alert">
          Cannot reach the server: {configError}
        </p>
      )}
    </main>
  );
}
