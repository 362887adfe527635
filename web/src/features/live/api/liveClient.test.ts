import { describe, expect, it } from "vitest";

import type { ChangeMessage } from "../../../lib/live";
import { LiveClient } from "./liveClient";
import type { SocketLike } from "./liveClient";

class FakeSocket implements SocketLike {
  sent: Record<string, unknown>[] = [];
  closed: number | null = null;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closed = code;
  }
  open() {
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006, reason = "") {
    this.onclose?.({ code, reason });
  }
}

function harness(token: string | null = "tok") {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; at: number; id: number }[] = [];
  let now = 1_000;
  let nextId = 1;
  const auth = { token, rejected: 0 };
  const client = new LiveClient({
    url: "ws://test/api/v1/ws",
    token: () => auth.token,
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    onAuthRejected: () => {
      auth.rejected += 1;
    },
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ fn, at: now + ms, id });
      return id;
    },
    clearTimer: (id) => {
      const index = timers.findIndex((timer) => timer.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
    now: () => now,
    random: () => 1, // no jitter: delays are the ceiling
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const due = timers[0];
      if (!due || due.at > until) break;
      timers.shift();
      now = due.at;
      due.fn();
    }
    now = until;
  };
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  return { client, sockets, last, advance, auth, timers, now: () => now };
}

const change = (seq: number, id = "i1"): ChangeMessage => ({
  type: "change",
  seq,
  entity: "incident",
  op: "updated",
  id,
  version: seq,
  actor: "bob",
  time: "2026-01-01T00:00:00Z",
  data: null,
  sub: null,
});

describe("LiveClient", () => {
  it("signs in with the first frame, not the URL, and is open after hello", () => {
    const h = harness();
    h.client.start();
    expect(h.client.status().state).toBe("connecting");
    h.last().open();
    expect(h.last().sent).toEqual([{ type: "auth", token: "tok" }]);
    h.last().receive({ type: "hello", user: "alice", role: "analyst", seq: 41 });
    expect(h.client.status()).toMatchObject({ state: "open", attempt: 0 });
    expect(h.client.seq).toBe(41);
  });

  it("does not connect while signed out", () => {
    const h = harness(null);
    h.client.start();
    expect(h.sockets).toHaveLength(0);
    expect(h.client.status().state).toBe("idle");
  });

  it("delivers changes once, in order, dropping ones already seen", () => {
    const h = harness();
    const got: number[] = [];
    h.client.subscribe((c) => got.push(c.seq));
    h.client.start();
    h.last().open();
    h.last().receive({ type: "hello", seq: 10 });
    h.last().receive(change(11));
    h.last().receive(change(11));
    h.last().receive(change(9));
    h.last().receive(change(12));
    expect(got).toEqual([11, 12]);
  });

  it("reconnects with growing delays, says so, and resumes after the last seq", () => {
    const h = harness();
    const statuses: string[] = [];
    h.client.onStatus((s) => statuses.push(`${s.state}:${s.attempt}`));
    h.client.start();
    h.last().open();
    h.last().receive({ type: "hello", seq: 5 });
    h.last().receive(change(6));

    h.last().drop(1006);
    expect(h.client.status()).toMatchObject({ state: "reconnecting", attempt: 1, retryAt: expect.any(Number) });
    expect(h.client.status().problem).toContain("1006");
    h.advance(499);
    expect(h.sockets).toHaveLength(1);
    h.advance(1);
    expect(h.sockets).toHaveLength(2); // 500 ms for the first retry

    h.last().drop(1006); // the server is still down
    expect(h.client.status().attempt).toBe(2);
    h.advance(999);
    expect(h.sockets).toHaveLength(2);
    h.advance(1);
    expect(h.sockets).toHaveLength(3); // then 1 s

    h.last().open();
    expect(h.last().sent[0]).toEqual({ type: "auth", token: "tok", after: 6 });
    h.last().receive({ type: "hello", seq: 9 });
    expect(h.client.seq).toBe(6); // the replay, not hello, moves it on
    const got: number[] = [];
    h.client.subscribe((c) => got.push(c.seq));
    h.last().receive(change(7));
    h.last().receive(change(8));
    expect(got).toEqual([7, 8]);
    expect(h.client.status()).toMatchObject({ state: "open", attempt: 0 });
    expect(statuses).toContain("reconnecting:1");
  });

  it("caps the backoff", () => {
    const h = harness();
    h.client.start();
    const delays: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      h.last().drop();
      delays.push((h.client.status().retryAt ?? 0) - h.now());
      h.advance(60_000);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it("on resync, takes the server's seq and tells listeners to reload", () => {
    const h = harness();
    let reloads = 0;
    h.client.onResync(() => {
      reloads += 1;
    });
    h.client.start();
    h.last().open();
    h.last().receive({ type: "hello", seq: 3 });
    h.last().drop();
    h.advance(500);
    h.last().open();
    h.last().receive({ type: "hello", seq: 900 });
    h.last().receive({ type: "resync", seq: 900 });
    expect(reloads).toBe(1);
    expect(h.client.seq).toBe(900);
  });

  it("declares presence, repeats it every 20 s and after a reconnect, and leaves", () => {
    const h = harness();
    h.client.start();
    h.client.setPresence("incident/i1", "viewing"); // before hello: remembered, sent after
    h.last().open();
    h.last().receive({ type: "hello", seq: 0 });
    const presence = () => h.last().sent.filter((f) => f.type === "presence");
    expect(presence()).toEqual([{ type: "presence", target: "incident/i1", state: "viewing" }]);
    h.client.setPresence("incident/i1", "editing");
    expect(presence()).toHaveLength(2);
    h.advance(20_000);
    expect(presence()).toHaveLength(3);
    expect(presence()[2]).toMatchObject({ state: "editing" });

    h.last().drop();
    h.advance(500);
    h.last().open();
    h.last().receive({ type: "hello", seq: 0 });
    expect(presence()).toEqual([{ type: "presence", target: "incident/i1", state: "editing" }]);

    h.client.setPresence("incident/i1", "left");
    expect(presence()[1]).toEqual({ type: "presence", target: "incident/i1", state: "left" });
    h.advance(20_000);
    expect(presence()).toHaveLength(2);
  });

  it("hands presence broadcasts to the watchers of that target", () => {
    const h = harness();
    const seen: string[][] = [];
    h.client.watchPresence("incident/i1", (users) => seen.push(users.map((u) => `${u.name}:${u.state}`)));
    h.client.start();
    h.last().open();
    h.last().receive({ type: "hello", seq: 0 });
    h.last().receive({ type: "presence", target: "incident/i2", users: [{ name: "x", state: "viewing" }] });
    h.last().receive({ type: "presence", target: "incident/i1", users: [{ name: "bob", state: "editing" }] });
    expect(seen).toEqual([["bob:editing"]]);
  });

  it("treats a silent server as a lost connection (ping without pong)", () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().receive({ type: "hello", seq: 0 });
    h.advance(25_000);
    expect(h.last().sent.at(-1)).toEqual({ type: "ping" });
    h.last().receive({ type: "pong" });
    h.advance(25_000 + 9_999);
    expect(h.client.status().state).toBe("open");
    h.advance(1);
    expect(h.client.status().state).toBe("reconnecting");
    expect(h.sockets[0]?.closed).toBe(4000);
  });

  it("reports a refused sign-in and stops cleanly on sign-out", () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().drop(4401, "invalid or expired credentials");
    expect(h.auth.rejected).toBe(1);
    h.auth.token = null;
    h.client.stop();
    h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.client.status().state).toBe("idle");
  });
});
