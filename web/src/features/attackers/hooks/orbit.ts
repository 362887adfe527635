// A small orbit camera: the eye circles a target at some distance, turned by drag, arrow keys and the
// wheel. Written here rather than taken from three/examples so it is small, keyboard-driven, and its
// math is plain functions tested without a browser.
//
// Angles: ``azimuth`` turns around the vertical axis (0 looks from +z towards the target), ``elevation``
// lifts the eye above the floor (0: level with the target, π/2: straight down).

export interface Orbit {
  azimuth: number;
  elevation: number;
  distance: number;
}

export interface OrbitLimits {
  minElevation: number;
  maxElevation: number;
  minDistance: number;
  maxDistance: number;
}

export type Vec3 = [x: number, y: number, z: number];

/** Limits that keep the eye above the floor and never inside or lost far away from the scene. */
export function limitsFor(sceneSize: number): OrbitLimits {
  const size = Math.max(1, sceneSize);
  return { minElevation: 0.05, maxElevation: 1.5, minDistance: size * 0.35, maxDistance: size * 4 };
}

/** The view to start from (and to return to with 0 / Home): a little from the side and above. */
export function initialOrbit(sceneSize: number): Orbit {
  return { azimuth: -0.45, elevation: 0.5, distance: Math.max(1, sceneSize) * 1.15 };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Keep azimuth in (-π, π] so it never grows without bound while auto-rotating for hours. */
export function normalizeAngle(angle: number): number {
  const turn = Math.PI * 2;
  let a = angle % turn;
  if (a <= -Math.PI) a += turn;
  if (a > Math.PI) a -= turn;
  return a;
}

export function clampOrbit(orbit: Orbit, limits: OrbitLimits): Orbit {
  return {
    azimuth: normalizeAngle(orbit.azimuth),
    elevation: clamp(orbit.elevation, limits.minElevation, limits.maxElevation),
    distance: clamp(orbit.distance, limits.minDistance, limits.maxDistance),
  };
}

export function rotate(orbit: Orbit, dAzimuth: number, dElevation: number, limits: OrbitLimits): Orbit {
  return clampOrbit({ ...orbit, azimuth: orbit.azimuth + dAzimuth, elevation: orbit.elevation + dElevation }, limits);
}

/** Multiply the distance by ``factor`` (below 1: closer). */
export function zoom(orbit: Orbit, factor: number, limits: OrbitLimits): Orbit {
  if (!(factor > 0) || !Number.isFinite(factor)) return orbit;
  return clampOrbit({ ...orbit, distance: orbit.distance * factor }, limits);
}

/**
 * A drag of (dx, dy) pixels as angles: across the whole viewport height turns half a circle, so the
 * same gesture feels the same on a small and a large view. Dragging right turns the scene right
 * (the eye goes left); dragging down tips the scene towards the viewer (the eye rises).
 */
export function dragRotation(dx: number, dy: number, viewportHeight: number): { dAzimuth: number; dElevation: number } {
  const perPixel = Math.PI / Math.max(1, viewportHeight);
  return { dAzimuth: -dx * perPixel, dElevation: dy * perPixel };
}

/** The wheel's delta as a zoom factor: ~10% per notch, either way, whatever unit the browser reports. */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  // deltaMode 0: pixels, 1: lines, 2: pages
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const notches = clamp(pixels / 100, -5, 5);
  return Math.pow(1.1, notches);
}

/** Where the eye is, for ``orbit`` around ``target``. */
export function cameraPosition(orbit: Orbit, target: Vec3 = [0, 0, 0]): Vec3 {
  const flat = orbit.distance * Math.cos(orbit.elevation);
  return [
    target[0] + flat * Math.sin(orbit.azimuth),
    target[1] + orbit.distance * Math.sin(orbit.elevation),
    target[2] + flat * Math.cos(orbit.azimuth),
  ];
}

/** Turn slowly for ``elapsedMs`` (the idle spin, off when the analyst prefers reduced motion). */
export function autoRotate(orbit: Orbit, elapsedMs: number, radiansPerSecond = 0.12): Orbit {
  return { ...orbit, azimuth: normalizeAngle(orbit.azimuth + (radiansPerSecond * Math.max(0, elapsedMs)) / 1000) };
}

export const KEY_STEP = Math.PI / 24; // 7.5° per arrow press
export const ZOOM_STEP = 1.15;

export type OrbitCommand =
  | { kind: "rotate"; dAzimuth: number; dElevation: number }
  | { kind: "zoom"; factor: number }
  | { kind: "reset" };

/**
 * What a key does to the camera, or null for keys the view leaves alone (Tab must keep moving focus).
 * Arrows rotate (Shift: four times as far), + / - zoom, 0 or Home resets.
 */
export function orbitKey(key: string, shift = false): OrbitCommand | null {
  const step = shift ? KEY_STEP * 4 : KEY_STEP;
  switch (key) {
    case "ArrowLeft":
      return { kind: "rotate", dAzimuth: step, dElevation: 0 };
    case "ArrowRight":
      return { kind: "rotate", dAzimuth: -step, dElevation: 0 };
    case "ArrowUp":
      return { kind: "rotate", dAzimuth: 0, dElevation: step };
    case "ArrowDown":
      return { kind: "rotate", dAzimuth: 0, dElevation: -step };
    case "+":
    case "=":
    case "Add":
      return { kind: "zoom", factor: 1 / ZOOM_STEP };
    case "-":
    case "_":
    case "Subtract":
      return { kind: "zoom", factor: ZOOM_STEP };
    case "0":
    case "Home":
      return { kind: "reset" };
    default:
      return null;
  }
}

export function applyCommand(orbit: Orbit, command: OrbitCommand, initial: Orbit, limits: OrbitLimits): Orbit {
  switch (command.kind) {
    case "rotate":
      return rotate(orbit, command.dAzimuth, command.dElevation, limits);
    case "zoom":
      return zoom(orbit, command.factor, limits);
    case "reset":
      return clampOrbit(initial, limits);
  }
}

/** A pointer that moved less than this between down and up clicked rather than dragged. */
export const CLICK_SLOP_PX = 5;

export function isClick(dx: number, dy: number): boolean {
  return Math.hypot(dx, dy) < CLICK_SLOP_PX;
}
