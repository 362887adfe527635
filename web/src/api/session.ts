// The signed-in session of this browser: the token, when it expires and who it is. Kept in localStorage so
// every tab of the app shares one sign-in (and one sign-out); listeners hear changes from any tab.

export interface SessionUser {
  name: string;
  role: string;
}

export interface Session {
  token: string;
  /** Epoch milliseconds after which the token no longer works. */
  expiresAt: number;
  user: SessionUser;
}

/** What sign-in and refresh answer. */
export interface TokenGrant {
  access_token: string;
  expires_in: number;
  user: SessionUser;
}

type Listener = (session: Session | null) => void;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = "mozdef.session";

export class SessionStore {
  private session: Session | null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: KeyValueStorage | null = null,
    private readonly now: () => number = Date.now,
  ) {
    this.session = this.load();
  }

  get(): Session | null {
    return this.session;
  }

  /** The token while it is still valid, else null. */
  token(): string | null {
    const session = this.session;
    return session && session.expiresAt > this.now() ? session.token : null;
  }

  grant(grant: TokenGrant): Session {
    const session = {
      token: grant.access_token,
      expiresAt: this.now() + grant.expires_in * 1000,
      user: { name: grant.user.name, role: grant.user.role },
    };
    this.set(session);
    return session;
  }

  set(session: Session | null): void {
    this.session = session;
    if (this.storage) {
      if (session) this.storage.setItem(KEY, JSON.stringify(session));
      else this.storage.removeItem(KEY);
    }
    this.emit();
  }

  clear(): void {
    this.set(null);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab signed in or out: take its session (wired to the window's ``storage`` event). */
  reload(): void {
    this.session = this.load();
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.session);
  }

  private load(): Session | null {
    const raw = this.storage?.getItem(KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<Session>;
      if (typeof parsed.token === "string" && typeof parsed.expiresAt === "number" && parsed.user) {
        return parsed.expiresAt > this.now() ? (parsed as Session) : null;
      }
    } catch {
      // a corrupt entry is no session
    }
    return null;
  }
}
