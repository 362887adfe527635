import { describe, expect, it } from "vitest";

import { ApiClient, fillPath, queryString } from "./client";
import { ApiError } from "./errors";
import { SessionStore } from "./session";
import type { KeyValueStorage } from "./session";

interface Call {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

const grant = (token: string, expires = 3600) => ({
  access_token: token,
  token_type: "Bearer",
  expires_in: expires,
  user: { name: "alice", role: "analyst" },
});

function harness(respond: (call: Call) => Response | Promise<Response>) {
  let now = 1_000_000;
  const calls: Call[] = [];
  const memory = new Map<string, string>();
  const storage: KeyValueStorage = {
    getItem: (k) => memory.get(k) ?? null,
    setItem: (k, v) => void memory.set(k, v),
    removeItem: (k) => void memory.delete(k),
  };
  const session = new SessionStore(storage, () => now);
  let unauthorized = 0;
  const client = new ApiClient({
    session,
    now: () => now,
    onUnauthorized: () => {
      unauthorized += 1;
    },
    fetch: async (input, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const call = {
        url: String(input),
        method: init?.method ?? "GET",
        auth: headers.authorization ?? null,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      return respond(call);
    },
  });
  return {
    client,
    session,
    calls,
    memory,
    tick: (ms: number) => {
      now += ms;
    },
    unauthorized: () => unauthorized,
  };
}

describe("ApiClient", () => {
  it("signs in without a token, then sends the bearer token", async () => {
    const h = harness((call) =>
      call.url.endsWith("/auth/login") ? json(200, grant("t1")) : json(200, { total: 0, incidents: [] }),
    );
    const signed = await h.client.login("alice", "pw");
    expect(signed.user).toEqual({ name: "alice", role: "analyst" });
    expect(h.calls[0]).toMatchObject({ method: "POST", auth: null, body: { username: "alice", password: "pw" } });
    await h.client.get("/api/v1/incidents", { query: { phase: ["Containment"], q: "" } });
    expect(h.calls[1]).toMatchObject({ url: "/api/v1/incidents?phase=Containment", auth: "Bearer t1" });
    expect(h.memory.size).toBe(1); // shared with the other tabs
  });

  it("refreshes a token about to expire before the call, once for concurrent calls", async () => {
    const h = harness((call) => {
      if (call.url.endsWith("/auth/login")) return json(200, grant("t1", 120));
      if (call.url.endsWith("/auth/refresh")) return json(200, grant("t2", 3600));
      return json(200, { total: 0, incidents: [] });
    });
    await h.client.login("alice", "pw");
    h.tick(90_000); // 30 s left: inside the 60 s margin
    await Promise.all([h.client.get("/api/v1/incidents"), h.client.get("/api/v1/incidents")]);
    const refreshes = h.calls.filter((c) => c.url.endsWith("/auth/refresh"));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.auth).toBe("Bearer t1");
    expect(h.calls.filter((c) => c.url === "/api/v1/incidents").map((c) => c.auth)).toEqual([
      "Bearer t2",
      "Bearer t2",
    ]);
    expect(h.session.token()).toBe("t2");
  });

  it("hands a feed back as it is served, with the token, and API errors as ApiError", async () => {
    const h = harness((call) => {
      if (call.url.endsWith("/auth/login")) return json(200, grant("t1"));
      if (call.url.startsWith("/api/v1/attackers.txt")) return new Response("42\n203.0.113.7\n", { status: 200 });
      return json(403, { error: { type: "forbidden", reason: "admins only" } });
    });
    await h.client.login("alice", "pw");
    const feed = await h.client.blob("/api/v1/attackers.txt", { query: { min_score: 5 } });
    expect(await feed.text()).toBe("42\n203.0.113.7\n"); // not parsed: a one-number feed stays text
    expect(h.calls[1]).toMatchObject({ url: "/api/v1/attackers.txt?min_score=5", auth: "Bearer t1" });
    const refused = await h.client.blob("/api/v1/blocklist.txt").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);
    expect((refused as ApiError).error.reason).toBe("admins only");
  });

  it("a 401 clears the session and sends the analyst to sign-in", async () => {
    const h = harness((call) =>
      call.url.endsWith("/auth/login")
        ? json(200, grant("t1"))
        : json(401, { error: { type: "unauthorized", reason: "expired" } }),
    );
    await h.client.login("alice", "pw");
    const failure = await h.client.get("/api/v1/incidents").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(h.session.get()).toBeNull();
    expect(h.memory.size).toBe(0);
    expect(h.unauthorized()).toBe(1);
  });

  it("a wrong password is an error for the form, not a redirect", async () => {
    const h = harness(() => json(401, { error: { type: "unauthorized", reason: "wrong user name or password" } }));
    const failure = (await h.client.login("alice", "bad").catch((e: unknown) => e)) as ApiError;
    expect(failure.error.reason).toBe("wrong user name or password");
    expect(h.unauthorized()).toBe(0);
  });

  it("an expired session does not call the API at all", async () => {
    const h = harness((call) => (call.url.endsWith("/auth/login") ? json(200, grant("t1", 60)) : json(200, {})));
    await h.client.login("alice", "pw");
    h.tick(61_000);
    await expect(h.client.get("/api/v1/incidents")).rejects.toMatchObject({ status: 401 });
    expect(h.calls).toHaveLength(1);
    expect(h.unauthorized()).toBe(1);
  });

  it("passes the API's error body through, 409 included", async () => {
    const current = { id: "i1", version: 5 };
    const h = harness((call) =>
      call.url.endsWith("/auth/login")
        ? json(200, grant("t1"))
        : json(409, { error: { type: "version_conflict", reason: "stale", current_version: 5, current } }),
    );
    await h.client.login("alice", "pw");
    const failure = (await h.client
      .patch("/api/v1/incidents/{case_id}", { path: { case_id: "i/1" }, body: { version: 4, summary: "x" } })
      .catch((e: unknown) => e)) as ApiError;
    expect(h.calls[1]?.url).toBe("/api/v1/incidents/i%2F1");
    expect(failure.status).toBe(409);
    expect(failure.error).toMatchObject({ type: "version_conflict", current_version: 5, current });
  });

  it("a failed refresh with 401 ends the session", async () => {
    const h = harness((call) => {
      if (call.url.endsWith("/auth/login")) return json(200, grant("t1", 120));
      if (call.url.endsWith("/auth/refresh")) return json(401, { error: { type: "unauthorized", reason: "no" } });
      return json(200, {});
    });
    await h.client.login("alice", "pw");
    h.tick(90_000);
    await expect(h.client.get("/api/v1/incidents")).rejects.toMatchObject({ status: 401 });
    expect(h.session.get()).toBeNull();
  });

  it("logs out locally even when the server cannot be reached", async () => {
    const h = harness((call) => {
      if (call.url.endsWith("/auth/login")) return json(200, grant("t1"));
      throw new TypeError("offline");
    });
    await h.client.login("alice", "pw");
    await h.client.logout();
    expect(h.session.get()).toBeNull();
  });
});

describe("URL helpers", () => {
  it("fills and encodes path parameters", () => {
    expect(fillPath("/a/{x}/b/{y}", { x: "1 2", y: 3 })).toBe("/a/1%202/b/3");
    expect(() => fillPath("/a/{x}", {})).toThrow(/x/);
  });

  it("leaves out empty query values", () => {
    expect(queryString({ a: "", b: undefined, c: null, d: 0, e: "x y" })).toBe("?d=0&e=x+y");
    expect(queryString({})).toBe("");
  });
});
