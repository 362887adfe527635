// The app's one API client and session, shared by every feature.
import { ApiClient } from "./client";
import { SessionStore } from "./session";

export { ApiClient, fillPath, queryString } from "./client";
export { ApiError, describeError } from "./errors";
export { SessionStore } from "./session";
export type { Session, SessionUser, TokenGrant } from "./session";
export type { BodyOf, ResponseOf } from "./types";

const storage = typeof window !== "undefined" ? window.localStorage : null;

export const session = new SessionStore(storage);

export const api = new ApiClient({
  session,
  onUnauthorized: () => {
    if (typeof window !== "undefined" && !window.location.hash.startsWith("#/signin")) {
      const back = window.location.hash.replace(/^#/, "");
      window.location.hash = `#/signin?next=${encodeURIComponent(back)}`;
    }
  },
});
