import { describe, expect, it } from "vitest";

import { computeExpiry, entryState, localInputValue, parseLocalDateTime } from "./expiry";

const now = new Date(2026, 10, 27, 12, 0, 0); // 27 Nov 2026, 12:00 in the test's zone

describe("list entry expiry", () => {
  it("sends durations as the server's duration text and estimates the time", () => {
    const cases = [
      ["1h", 3600],
      ["1d", 86_400],
      ["7d", 7 * 86_400],
      ["30d", 30 * 86_400],
    ] as const;
    for (const [choice, seconds] of cases) {
      const result = computeExpiry(choice, "", now);
      expect(result).toEqual({ ok: true, expires: choice, at: new Date(now.getTime() + seconds * 1000) });
    }
  });

  it("sends null for never", () => {
    expect(computeExpiry("never", "2030-01-01T00:00", now)).toEqual({ ok: true, expires: null, at: null });
  });

  it("sends a picked date as an ISO time in UTC", () => {
    const result = computeExpiry("date", "2026-12-01T09:30", now);
    const at = new Date(2026, 11, 1, 9, 30);
    expect(result).toEqual({ ok: true, expires: at.toISOString(), at });
    if (result.ok) expect(result.expires).toMatch(/Z$/);
  });

  it("refuses a missing, malformed, past or too distant date", () => {
    expect(computeExpiry("date", "", now)).toMatchObject({ ok: false });
    expect(computeExpiry("date", "tomorrow", now)).toMatchObject({ ok: false, error: "Not a date and time." });
    expect(computeExpiry("date", "2026-02-31T10:00", now)).toMatchObject({ ok: false });
    expect(computeExpiry("date", "2026-11-27T12:00", now)).toMatchObject({ ok: false, error: /past/ });
    expect(computeExpiry("date", "2026-11-26T08:00", now)).toMatchObject({ ok: false, error: /past/ });
    expect(computeExpiry("date", "2040-01-01T00:00", now)).toMatchObject({ ok: false, error: /3650/ });
    expect(computeExpiry("date", "2026-11-27T12:01", now)).toMatchObject({ ok: true });
  });

  it("reads datetime-local values in this browser's zone", () => {
    expect(parseLocalDateTime("2026-11-28T09:05")).toEqual(new Date(2026, 10, 28, 9, 5));
    expect(parseLocalDateTime("2026-11-28")).toEqual(new Date(2026, 10, 28));
    expect(parseLocalDateTime("2026-13-01T00:00")).toBeNull();
    expect(localInputValue(new Date(2026, 0, 5, 7, 3))).toBe("2026-01-05T07:03");
    expect(parseLocalDateTime(localInputValue(now))).toEqual(now);
  });
});

describe("entry state", () => {
  const at = now.getTime();
  it("is never for an entry without expiry", () => {
    expect(entryState({ expires: null }, at)).toBe("never");
  });

  it("is expired once the expiry is past, or when the server says so", () => {
    expect(entryState({ expires: new Date(at - 1000).toISOString() }, at)).toBe("expired");
    expect(entryState({ expires: new Date(at).toISOString() }, at)).toBe("expired");
    expect(entryState({ expires: new Date(at + 60_000).toISOString(), active: false }, at)).toBe("expired");
    expect(entryState({ expires: new Date(at + 60_000).toISOString(), active: true }, at)).toBe("active");
  });
});
