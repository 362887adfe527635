import { describe, expect, it } from "vitest";

import { dateSetByMove, fromLocalInput, moveDirection, phaseDate, toLocalInput } from "./phases";

describe("phase dates", () => {
  it("names the date each phase stands for", () => {
    expect(phaseDate("Containment")).toBe("verified");
    expect(phaseDate("Eradication")).toBe("contained");
    expect(phaseDate("Recovery")).toBe("mitigated");
    expect(phaseDate("Closed")).toBe("closed");
    expect(phaseDate("Lessons Learned")).toBeNull();
  });

  it("a move sets its date only when unset", () => {
    expect(dateSetByMove("Identification", "Containment", {})).toBe("verified");
    expect(dateSetByMove("Identification", "Containment", { verified: "2026-01-01T00:00:00Z" })).toBeNull();
    expect(dateSetByMove("Closed", "Closed", {})).toBeNull();
  });

  it("knows backward moves", () => {
    expect(moveDirection("Recovery", "Containment")).toBe("backward");
    expect(moveDirection("Identification", "Closed")).toBe("forward");
  });
});

describe("date inputs", () => {
  it("round-trips a time through the local input", () => {
    const iso = "2026-03-04T05:06:00.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
  });
  it("empty and garbage are nothing", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("yesterday")).toBeNull();
    expect(toLocalInput("not a date")).toBe("");
    expect(toLocalInput(null)).toBe("");
  });
});
