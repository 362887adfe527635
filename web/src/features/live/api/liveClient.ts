// The tab's one WebSocket connection: signs in with the first frame (the token stays out of URLs and
// logs), reconnects with capped, jittered exponential backoff, resumes after the last seq it saw (the
// server replays without gap or duplicate, or says "resync"), re-declares presence every 20 s and after
// each reconnect, and pings so a silently dead connection is noticed.
import type {
  ChangeMessage,
  ConnectionStatus,
  LiveChannel,
  PresenceState,
  PresenceUser,
} from "../../../lib/live";

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveClientOptions {
  url: string;
  /** The current session token; null: signed out, do not connect. */
  token: () => string | null;
  createSocket?: (url: string) => SocketLike;
  /** The server refused the token: the app checks the session (a 401 sends the analyst to sign-in). */
  onAuthRejected?: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  presenceEveryMs?: number;
  pingEveryMs?: number;
  pongTimeoutMs?: number;
}

/** Close codes that mean the credentials were refused, not that the network failed. */
const AUTH_CLOSE_CODES = new Set([1008, 4401, 4403]);

type Frame = Record<string, unknown> & { type?: unknown };

export class LiveClient implements LiveChannel {
  private readonly opts: Required<Omit<LiveClientOptions, "onAuthRejected">> & { onAuthRejected: () => void };
  private socket: SocketLike | null = null;
  private running = false;
  private greeted = false;
  private lastSeq: number | null = null;
  private current: ConnectionStatus = { state: "idle", attempt: 0, retryAt: null, problem: null };
  private readonly declared = new Map<string, Exclude<PresenceState, "left">>();
  private readonly presence = new Map<string, PresenceUser[]>();
  private readonly changeListeners = new Set<(change: ChangeMessage) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly presenceListeners = new Map<string, Set<(users: PresenceUser[]) => void>>();
  private retryTimer: unknown = null;
  private presenceTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;

  constructor(options: LiveClientOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onAuthRejected: () => undefined,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      now: Date.now,
      random: Math.random,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      presenceEveryMs: 20_000,
      pingEveryMs: 25_000,
      pongTimeoutMs: 10_000,
      ...options,
    } as LiveClient["opts"];
  }

  /** The last seq received (null before the first hello). */
  get seq(): number | null {
    return this.lastSeq;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /** Close for good (sign-out); nothing reconnects until ``start``. */
  stop(): void {
    this.running = false;
    this.clearAll();
    this.clearTimer("retryTimer");
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, "signed out");
    }
    this.lastSeq = null;
    this.presence.clear();
    this.setStatus({ state: "idle", attempt: 0, retryAt: null, problem: null });
  }

  reconnectNow(): void {
    if (!this.running || this.current.state === "open" || this.current.state === "connecting") return;
    this.clearTimer("retryTimer");
    this.connect();
  }

  status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  subscribe(listener: (change: ChangeMessage) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  setPresence(target: string, state: PresenceState): void {
    if (state === "left") {
      if (!this.declared.delete(target)) return;
    } else {
      if (this.declared.get(target) === state) return;
      this.declared.set(target, state);
    }
    this.sendFrame({ type: "presence", target, state });
  }

  watchPresence(target: string, listener: (users: PresenceUser[]) => void): () => void {
    let set = this.presenceListeners.get(target);
    if (!set) {
      set = new Set();
      this.presenceListeners.set(target, set);
    }
    set.add(listener);
    const known = this.presence.get(target);
    if (known) listener(known);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.presenceListeners.delete(target);
    };
  }

  private connect(): void {
    const token = this.opts.token();
    if (!token) {
      this.setStatus({ state: "idle", attempt: 0, retryAt: null, problem: "signed out" });
      return;
    }
    this.greeted = false;
    this.setStatus({ ...this.current, state: this.current.attempt > 0 ? "reconnecting" : "connecting", retryAt: null });
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : "cannot open the connection");
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const frame: Frame = { type: "auth", token };
      if (this.lastSeq !== null) frame.after = this.lastSeq;
      socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // onclose follows and says what to do
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearAll();
      if (!this.running) return;
      const refused = !this.greeted && AUTH_CLOSE_CODES.has(event.code);
      if (refused) this.opts.onAuthRejected();
      this.scheduleReconnect(
        refused ? "the server refused the sign-in" : event.reason || `connection lost (code ${event.code})`,
      );
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== "string") return;
    let frame: Frame;
    try {
      frame = JSON.parse(data) as Frame;
    } catch {
      return;
    }
    switch (frame.type) {
      case "hello":
        this.greeted = true;
        if (this.lastSeq === null && typeof frame.seq === "number") this.lastSeq = frame.seq;
        this.setStatus({ state: "open", attempt: 0, retryAt: null, problem: null });
        for (const [target, state] of this.declared) this.sendFrame({ type: "presence", target, state });
        this.startTimers();
        return;
      case "change": {
        const change = frame as unknown as ChangeMessage;
        if (typeof change.seq !== "number") return;
        if (this.lastSeq !== null && change.seq <= this.lastSeq) return; // already seen
        this.lastSeq = change.seq;
        for (const listener of [...this.changeListeners]) listener(change);
        return;
      }
      case "resync":
        if (typeof frame.seq === "number") this.lastSeq = frame.seq;
        for (const listener of [...this.resyncListeners]) listener();
        return;
      case "presence": {
        const target = frame.target;
        if (typeof target !== "string" || !Array.isArray(frame.users)) return;
        const users = frame.users as PresenceUser[];
        this.presence.set(target, users);
        for (const listener of [...(this.presenceListeners.get(target) ?? [])]) listener(users);
        return;
      }
      case "pong":
        this.clearTimer("pongTimer");
        return;
      case "error":
        this.setStatus({ ...this.current, problem: typeof frame.reason === "string" ? frame.reason : "error" });
        return;
      default:
        return;
    }
  }

  private scheduleReconnect(problem: string): void {
    const attempt = this.current.attempt + 1;
    const ceiling = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(ceiling * (0.5 + this.opts.random() / 2));
    this.setStatus({ state: "reconnecting", attempt, retryAt: this.opts.now() + delay, problem });
    this.retryTimer = this.opts.setTimer(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private startTimers(): void {
    this.clearAll();
    const heartbeat = () => {
      for (const [target, state] of this.declared) this.sendFrame({ type: "presence", target, state });
      this.presenceTimer = this.opts.setTimer(heartbeat, this.opts.presenceEveryMs);
    };
    this.presenceTimer = this.opts.setTimer(heartbeat, this.opts.presenceEveryMs);
    const ping = () => {
      this.sendFrame({ type: "ping" });
      this.clearTimer("pongTimer");
      this.pongTimer = this.opts.setTimer(() => {
        // no pong: the connection is dead even if the browser has not noticed
        this.socket?.close(4000, "no answer to ping");
        const socket = this.socket;
        if (socket?.onclose) socket.onclose({ code: 4000, reason: "the server stopped answering" });
      }, this.opts.pongTimeoutMs);
      this.pingTimer = this.opts.setTimer(ping, this.opts.pingEveryMs);
    };
    this.pingTimer = this.opts.setTimer(ping, this.opts.pingEveryMs);
  }

  private sendFrame(frame: Frame): void {
    if (this.socket && this.greeted) this.socket.send(JSON.stringify(frame));
  }

  private clearAll(): void {
    this.clearTimer("presenceTimer");
    this.clearTimer("pingTimer");
    this.clearTimer("pongTimer");
  }

  private clearTimer(name: "retryTimer" | "presenceTimer" | "pingTimer" | "pongTimer"): void {
    if (this[name] !== null) this.opts.clearTimer(this[name]);
    this[name] = null;
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

/** ws(s)://<this origin>/api/v1/ws */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/api/v1/ws`;
}
