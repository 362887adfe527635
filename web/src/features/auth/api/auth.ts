import { api } from "../../../api";
import type { ResponseOf, Session } from "../../../api";

export type AuthConfig = ResponseOf<"/api/v1/auth/config", "get">;

export function fetchAuthConfig(): Promise<AuthConfig> {
  return api.get("/api/v1/auth/config");
}

export function signIn(username: string, password: string): Promise<Session> {
  return api.login(username, password);
}

export function signOut(): Promise<void> {
  return api.logout();
}

/** What the OpenID Connect sign-in handed back in ``#/signed-in?…``: a token, or why there is none. */
export type OidcOutcome = { token: string; expiresIn: number } | { error: string };

export function readOidcOutcome(params: URLSearchParams): OidcOutcome {
  const error = params.get("error");
  if (error) return { error: params.get("error_description") || error };
  const token = params.get("access_token");
  const expiresIn = Number(params.get("expires_in"));
  if (!token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    return { error: "the sign-in answer carried no token: sign in again" };
  }
  return { token, expiresIn };
}

export function adoptToken(token: string, expiresIn: number): Promise<Session> {
  return api.adopt(token, expiresIn);
}
