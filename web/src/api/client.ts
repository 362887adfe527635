// The one HTTP client of the app: typed by the generated OpenAPI schema, sending the session's bearer
// token, refreshing it before it expires, and sending the analyst back to sign-in when the API says 401.
import { ApiError, errorBody } from "./errors";
import type { Session, SessionStore, TokenGrant } from "./session";
import type { Method, PathsFor, RequestOptions, ResponseOf } from "./types";

export interface ClientOptions {
  session: SessionStore;
  fetch?: typeof fetch;
  /** Prefix of every path; "" when the app is served by the API itself. */
  baseUrl?: string;
  /** Called after a 401 cleared the session: show sign-in. */
  onUnauthorized?: () => void;
  /** Refresh the token when it has less than this left (ms). */
  refreshMarginMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Args<P extends PathsFor<M>, M extends Method> =
  object extends RequestOptions<P, M> ? [options?: RequestOptions<P, M>] : [options: RequestOptions<P, M>];

const AUTH_PATHS = new Set<string>(["/api/v1/auth/login", "/api/v1/auth/config", "/api/v1/auth/refresh"]);

export class ApiClient {
  readonly session: SessionStore;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly onUnauthorized: () => void;
  private readonly margin: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private refreshing: Promise<Session | null> | null = null;
  private timer: unknown = null;

  constructor(options: ClientOptions) {
    this.session = options.session;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? "";
    this.onUnauthorized = options.onUnauthorized ?? (() => undefined);
    this.margin = options.refreshMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  get<P extends PathsFor<"get">>(path: P, ...args: Args<P, "get">): Promise<ResponseOf<P, "get">> {
    return this.request("get", path, ...args);
  }

  post<P extends PathsFor<"post">>(path: P, ...args: Args<P, "post">): Promise<ResponseOf<P, "post">> {
    return this.request("post", path, ...args);
  }

  patch<P extends PathsFor<"patch">>(path: P, ...args: Args<P, "patch">): Promise<ResponseOf<P, "patch">> {
    return this.request("patch", path, ...args);
  }

  delete<P extends PathsFor<"delete">>(path: P, ...args: Args<P, "delete">): Promise<ResponseOf<P, "delete">> {
    return this.request("delete", path, ...args);
  }

  async request<M extends Method, P extends PathsFor<M>>(
    method: M,
    path: P,
    ...[options]: Args<P, M>
  ): Promise<ResponseOf<P, M>> {
    const opts = (options ?? {}) as { path?: object; query?: object; body?: unknown; signal?: AbortSignal };
    const token = await this.tokenFor(path);
    return this.send(method, fillPath(path, opts.path), opts.query, opts.body, token, opts.signal) as Promise<
      ResponseOf<P, M>
    >;
  }

  /** A GET route's body as it is (a text or JSON feed to save as a file), with the same sign-in and errors. */
  async blob<P extends PathsFor<"get">>(path: P, ...[options]: Args<P, "get">): Promise<Blob> {
    const opts = (options ?? {}) as { path?: object; query?: object; signal?: AbortSignal };
    const token = await this.tokenFor(path);
    return this.send("get", fillPath(path, opts.path), opts.query, undefined, token, opts.signal, true) as Promise<Blob>;
  }

  private async tokenFor(path: string): Promise<string | null> {
    if (AUTH_PATHS.has(path)) return null;
    const token = await this.freshToken();
    if (token === null) throw this.unauthorized("signed out: sign in again");
    return token;
  }

  /** Sign in with a local account; the session then holds the token. */
  async login(username: string, password: string): Promise<Session> {
    const grant = await this.post("/api/v1/auth/login", { body: { username, password } });
    return this.accept(grant);
  }

  /** Take a token handed over outside this client (the OIDC redirect), learning who it belongs to. */
  async adopt(token: string, expiresIn: number): Promise<Session> {
    const user = (await this.send("get", "/api/v1/auth/me", undefined, undefined, token)) as Session["user"];
    return this.accept({ access_token: token, expires_in: expiresIn, user });
  }

  async logout(): Promise<void> {
    const token = this.session.token();
    this.session.clear();
    this.cancelTimer();
    if (token) {
      try {
        await this.send("post", "/api/v1/auth/logout", undefined, undefined, token);
      } catch {
        // the session is gone here whatever the server says
      }
    }
  }

  /** Exchange the current token for a new one; one exchange at a time however many callers ask. */
  refresh(): Promise<Session | null> {
    if (this.refreshing) return this.refreshing;
    const token = this.session.token();
    if (!token) return Promise.resolve(null);
    this.refreshing = (async () => {
      try {
        const grant = (await this.send("post", "/api/v1/auth/refresh", undefined, undefined, token)) as TokenGrant;
        return this.accept(grant);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        // a network blip: keep the token while it lasts, the next call tries again
        return this.session.get();
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Keep the session's token fresh without waiting for a call (the live connection needs it too). */
  startAutoRefresh(): () => void {
    const schedule = (session: Session | null) => {
      this.cancelTimer();
      if (!session) return;
      const wait = Math.max(0, session.expiresAt - this.margin - this.now());
      this.timer = this.setTimer(() => void this.refresh(), wait);
    };
    schedule(this.session.get());
    const unsubscribe = this.session.subscribe(schedule);
    return () => {
      unsubscribe();
      this.cancelTimer();
    };
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private accept(grant: TokenGrant): Session {
    return this.session.grant(grant);
  }

  private async freshToken(): Promise<string | null> {
    const session = this.session.get();
    if (!session) return null;
    const left = session.expiresAt - this.now();
    if (left <= 0) return null;
    if (left < this.margin) {
      const renewed = await this.refresh();
      return renewed && renewed.expiresAt > this.now() ? renewed.token : null;
    }
    return session.token;
  }

  private unauthorized(reason: string): ApiError {
    const hadSession = this.session.get() !== null;
    this.session.clear();
    this.cancelTimer();
    if (hadSession || reason) this.onUnauthorized();
    return new ApiError(401, { type: "unauthorized", reason });
  }

  private async send(
    method: Method,
    path: string,
    query: object | undefined,
    body: unknown,
    token: string | null,
    signal?: AbortSignal,
    raw = false,
  ): Promise<unknown> {
    const headers: Record<string, string> = { accept: raw ? "*/*" : "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path + queryString(query), {
        method: method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, { type: "network_error", reason: "the server cannot be reached" });
    }
    if (raw && response.ok) return response.blob();
    const text = await response.text();
    let payload: unknown = undefined;
    if (text) {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = text;
      }
    }
    if (response.ok) return payload;
    const error = errorBody(response.status, payload, response.statusText || `HTTP ${response.status}`);
    if (response.status === 401 && token !== null && !path.endsWith("/auth/refresh")) {
      throw this.unauthorized(error.reason);
    }
    throw new ApiError(response.status, error);
  }
}

/** ``/incidents/{incident_id}`` with its parameters, each URL-encoded. */
export function fillPath(path: string, params: object | undefined): string {
  if (!params) return path;
  const values = params as Record<string, string | number>;
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

export function queryString(query: object | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
