import { describe, expect, it } from "vitest";

import {
  applyCommand,
  autoRotate,
  cameraPosition,
  clampOrbit,
  dragRotation,
  initialOrbit,
  isClick,
  KEY_STEP,
  limitsFor,
  normalizeAngle,
  orbitKey,
  rotate,
  wheelZoomFactor,
  zoom,
  ZOOM_STEP,
} from "./orbit";
import type { Orbit } from "./orbit";

const limits = limitsFor(20);
const start: Orbit = { azimuth: 0, elevation: 0.5, distance: 20 };

describe("cameraPosition", () => {
  it("looks from +z at azimuth 0, level", () => {
    const [x, y, z] = cameraPosition({ azimuth: 0, elevation: 0, distance: 10 });
    expect(x).toBeCloseTo(0);
    expect(y).toBeCloseTo(0);
    expect(z).toBeCloseTo(10);
  });
  it("turns to +x at a quarter turn and rises with elevation, around the target", () => {
    const [x, y, z] = cameraPosition({ azimuth: Math.PI / 2, elevation: Math.PI / 6, distance: 10 }, [1, 2, 3]);
    expect(x).toBeCloseTo(1 + 10 * Math.cos(Math.PI / 6));
    expect(y).toBeCloseTo(2 + 5);
    expect(z).toBeCloseTo(3);
  });
  it("keeps the eye at the orbit's distance from the target", () => {
    const [x, y, z] = cameraPosition({ azimuth: 1.1, elevation: 0.7, distance: 13 }, [2, 2, 2]);
    expect(Math.hypot(x - 2, y - 2, z - 2)).toBeCloseTo(13);
  });
});

describe("limits", () => {
  it("keeps the eye above the floor and below the zenith", () => {
    expect(rotate(start, 0, -5, limits).elevation).toBe(limits.minElevation);
    expect(rotate(start, 0, 5, limits).elevation).toBe(limits.maxElevation);
  });
  it("keeps the distance within bounds", () => {
    expect(zoom(start, 0.0001, limits).distance).toBe(limits.minDistance);
    expect(zoom(start, 1000, limits).distance).toBe(limits.maxDistance);
    expect(zoom(start, Number.NaN, limits)).toBe(start);
    expect(zoom(start, 0, limits)).toBe(start);
  });
  it("wraps the azimuth into (-π, π]", () => {
    expect(normalizeAngle(Math.PI * 3)).toBeCloseTo(Math.PI);
    expect(normalizeAngle(-Math.PI)).toBeCloseTo(Math.PI);
    expect(normalizeAngle(0.5 + Math.PI * 4)).toBeCloseTo(0.5);
    expect(clampOrbit({ ...start, azimuth: 7 }, limits).azimuth).toBeCloseTo(7 - Math.PI * 2);
  });
  it("starts within its own limits", () => {
    for (const size of [1, 8, 40]) {
      expect(clampOrbit(initialOrbit(size), limitsFor(size))).toEqual(initialOrbit(size));
    }
  });
});

describe("drag and wheel", () => {
  it("turns half a circle across the viewport height", () => {
    expect(dragRotation(400, 0, 400).dAzimuth).toBeCloseTo(-Math.PI);
    expect(dragRotation(0, 200, 400).dElevation).toBeCloseTo(Math.PI / 2);
    expect(dragRotation(10, 10, 0).dAzimuth).toBeCloseTo(-Math.PI * 10);
  });
  it("zooms in for a wheel up and out for a wheel down, whatever the unit", () => {
    expect(wheelZoomFactor(-100)).toBeLessThan(1);
    expect(wheelZoomFactor(100)).toBeCloseTo(1.1);
    expect(wheelZoomFactor(3, 1)).toBeGreaterThan(1);
    expect(wheelZoomFactor(1, 2)).toBeCloseTo(Math.pow(1.1, 4));
    expect(wheelZoomFactor(100_000)).toBeCloseTo(Math.pow(1.1, 5));
  });
  it("tells a click from a drag", () => {
    expect(isClick(2, 3)).toBe(true);
    expect(isClick(4, 4)).toBe(false);
  });
});

describe("keyboard", () => {
  it("maps arrows to rotation and +/- to zoom", () => {
    expect(orbitKey("ArrowLeft")).toEqual({ kind: "rotate", dAzimuth: KEY_STEP, dElevation: 0 });
    expect(orbitKey("ArrowRight", true)).toEqual({ kind: "rotate", dAzimuth: -KEY_STEP * 4, dElevation: 0 });
    expect(orbitKey("ArrowUp")).toEqual({ kind: "rotate", dAzimuth: 0, dElevation: KEY_STEP });
    expect(orbitKey("+")).toEqual({ kind: "zoom", factor: 1 / ZOOM_STEP });
    expect(orbitKey("=")).toEqual({ kind: "zoom", factor: 1 / ZOOM_STEP });
    expect(orbitKey("-")).toEqual({ kind: "zoom", factor: ZOOM_STEP });
    expect(orbitKey("Home")).toEqual({ kind: "reset" });
  });
  it("leaves other keys alone", () => {
    expect(orbitKey("Tab")).toBeNull();
    expect(orbitKey("a")).toBeNull();
    expect(orbitKey("Enter")).toBeNull();
  });
  it("applies commands within the limits, and resets to the initial view", () => {
    const initial = initialOrbit(20);
    const turned = applyCommand(initial, { kind: "rotate", dAzimuth: 0.3, dElevation: 0.1 }, initial, limits);
    expect(turned.azimuth).toBeCloseTo(initial.azimuth + 0.3);
    expect(turned.elevation).toBeCloseTo(initial.elevation + 0.1);
    const closer = applyCommand(turned, { kind: "zoom", factor: 0.5 }, initial, limits);
    expect(closer.distance).toBeCloseTo(initial.distance * 0.5);
    expect(applyCommand(closer, { kind: "reset" }, initial, limits)).toEqual(initial);
  });
});

describe("autoRotate", () => {
  it("turns by speed × time and never backwards", () => {
    expect(autoRotate(start, 1000, 0.2).azimuth).toBeCloseTo(0.2);
    expect(autoRotate(start, -50, 0.2).azimuth).toBe(0);
  });
});
