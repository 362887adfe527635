import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { KeyboardEvent, PointerEvent, ReactNode } from "react";

import { ErrorState, Loading } from "../../../components/DataState";
import { formatCount, relativeTime } from "../../../lib/format";
import { navigate } from "../../../lib/router";
import { cssVar, useEffectiveTheme } from "../../../lib/theme";
import { categoriesOf } from "../hooks/filters";
import type { AttackerFilters } from "../hooks/filters";
import { cssColor, focusOrder, formatScore, layoutScene, legendEntries, phaseStyle, sceneSummary, stepFocus } from "../hooks/layout";
import type { SceneLayout, ScenePoint } from "../hooks/layout";
import { applyCommand, autoRotate, dragRotation, initialOrbit, isClick, limitsFor, orbitKey, wheelZoomFactor, zoom } from "../hooks/orbit";
import type { Orbit } from "../hooks/orbit";
import { useAttackerList } from "../hooks/useAttackerList";
import { useReducedMotion } from "../hooks/useReducedMotion";
import type { AttackerScene, SceneColors } from "./scene3d";

type Status = "loading" | "ready" | "unsupported";

function sceneColors(): SceneColors {
  return {
    background: cssVar("--bg", "#ffffff"),
    foreground: cssVar("--fg", "#1b1f24"),
    muted: cssVar("--muted", "#57606a"),
    line: cssVar("--line", "#d0d7de"),
    accent: cssVar("--focus", "#c2410c"),
  };
}

function openProfile(id: string): void {
  navigate(`/attackers/${encodeURIComponent(id)}`);
}

/** One attacker in words: the tooltip, and what the live region reads when stepping with N / P. */
function describePoint(point: ScenePoint): string {
  const style = phaseStyle(point.phase);
  const seen = point.lastSeen ? `last seen ${relativeTime(point.lastSeen)}` : "never seen";
  return `${point.id}${point.name ? ` (${point.name})` : ""}: score ${formatScore(point.score)}, ${formatCount(point.alerts)} alerts, ${point.category}, ${style.label}, ${seen}`;
}

/**
 * The 3-D view of the attackers ``filters`` select: lanes by category, height by alerts, depth by
 * recency, size by score, colour and shape by phase. three.js and the WebGL renderer are only loaded
 * and made when this mounts; without WebGL it says so and shows ``fallback`` (the table) instead.
 */
export function Attacker3DView({
  filters,
  fallback,
  onCategories,
}: {
  filters: AttackerFilters;
  fallback: ReactNode;
  onCategories: (categories: string[]) => void;
}) {
  const list = useAttackerList(filters, true);
  useEffect(() => {
    if (list.data) onCategories(categoriesOf(list.data.attackers));
  }, [list.data, onCategories]);
  const theme = useEffectiveTheme();
  const reducedMotion = useReducedMotion();
  const ids = { help: useId(), live: useId() };

  const hostRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<AttackerScene | null>(null);
  const [status, setStatus] = useState<Status>("loading");
  const [failure, setFailure] = useState<string | null>(null);

  // recency is measured from when the answer arrived, so the layout only changes with the data
  const layout: SceneLayout | null = useMemo(
    () => (list.data ? layoutScene(list.data.attackers, Date.now()) : null),
    [list.data],
  );
  const pointsById = useMemo(() => new Map((layout?.points ?? []).map((p) => [p.id, p])), [layout]);
  const order = useMemo(() => focusOrder(layout?.points ?? []), [layout]);
  const size = layout ? Math.max(layout.width, layout.height, layout.depth) : 10;
  const limits = useMemo(() => limitsFor(size), [size]);
  const initial = useMemo(() => initialOrbit(size), [size]);

  const orbit = useRef<Orbit>(initial);
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const highlighted = hovered ?? focused;
  const highlightRef = useRef<string | null>(null);
  highlightRef.current = highlighted;
  const [spinning, setSpinning] = useState(true);
  const spin = spinning && !reducedMotion;

  // --- drawing: one frame on demand, or a loop while the idle spin runs --------------------------------
  const frame = useRef<number | null>(null);
  const draw = useCallback(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    scene.setCamera(orbit.current);
    scene.render();
    const tooltip = tooltipRef.current;
    const id = highlightRef.current;
    const at = id ? scene.project(id) : null;
    if (tooltip) {
      tooltip.hidden = !at;
      const host = hostRef.current;
      if (at && host) {
        // kept inside the view: a point turned out of frame still shows its tooltip at the nearest edge
        const x = Math.min(Math.max(0, at.x), Math.max(0, host.clientWidth - tooltip.offsetWidth - 16));
        const y = Math.min(Math.max(0, at.y), Math.max(0, host.clientHeight - tooltip.offsetHeight - 16));
        tooltip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      }
    }
  }, []);
  const requestDraw = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      draw();
    });
  }, [draw]);

  // --- the renderer: made once, when the view mounts; everything freed when it unmounts ---------------
  useEffect(() => {
    let cancelled = false;
    let scene: AttackerScene | null = null;
    let observer: ResizeObserver | null = null;
    import("./scene3d").then(
      (module) => {
        if (cancelled || !hostRef.current) return;
        if (!module.webglSupported()) {
          setStatus("unsupported");
          return;
        }
        try {
          scene = new module.AttackerScene(hostRef.current);
        } catch (error) {
          setFailure(error instanceof Error ? error.message : String(error));
          setStatus("unsupported");
          return;
        }
        sceneRef.current = scene;
        observer = new ResizeObserver(() => {
          scene?.resize();
          requestDraw();
        });
        observer.observe(hostRef.current);
        setStatus("ready");
      },
      (error: unknown) => {
        if (cancelled) return;
        setFailure(error instanceof Error ? error.message : String(error));
        setStatus("unsupported");
      },
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      sceneRef.current = null;
      scene?.dispose();
    };
  }, [requestDraw]);

  // --- what is drawn: the layout in the theme's colours --------------------------------------------------
  const placed = useRef(false);
  useEffect(() => {
    const scene = sceneRef.current;
    if (status !== "ready" || !scene || !layout) return;
    scene.setLayout(layout, sceneColors());
    if (!placed.current) {
      orbit.current = initial;
      placed.current = true;
    }
    scene.setHighlight(highlightRef.current);
    requestDraw();
  }, [status, layout, theme, initial, requestDraw]);

  useEffect(() => {
    sceneRef.current?.setHighlight(highlighted);
    requestDraw();
  }, [highlighted, requestDraw]);

  // --- the idle spin (never with reduced motion; stopped by any interaction) ------------------------------
  useEffect(() => {
    if (!spin || status !== "ready") return;
    let last = performance.now();
    let handle = requestAnimationFrame(function tick(now) {
      orbit.current = autoRotate(orbit.current, Math.min(100, now - last));
      last = now;
      draw();
      handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
  }, [spin, status, draw]);

  // --- input: drag to turn, wheel to zoom, click to open, keys for all of it --------------------------
  const drag = useRef<{ x: number; y: number; startX: number; startY: number; pointer: number } | null>(null);

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY, pointer: event.pointerId };
    setSpinning(false);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const scene = sceneRef.current;
    if (!scene) return;
    const current = drag.current;
    if (current && current.pointer === event.pointerId) {
      const { dAzimuth, dElevation } = dragRotation(event.clientX - current.x, event.clientY - current.y, event.currentTarget.clientHeight);
      current.x = event.clientX;
      current.y = event.clientY;
      orbit.current = applyCommand(orbit.current, { kind: "rotate", dAzimuth, dElevation }, initial, limits);
      requestDraw();
      return;
    }
    const id = scene.pick(event.clientX, event.clientY);
    event.currentTarget.style.cursor = id ? "pointer" : "grab";
    setHovered(id);
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    const current = drag.current;
    drag.current = null;
    if (!current || current.pointer !== event.pointerId) return;
    if (isClick(event.clientX - current.startX, event.clientY - current.startY)) {
      const id = sceneRef.current?.pick(event.clientX, event.clientY);
      if (id) openProfile(id);
    }
  }

  // React's onWheel is passive, so it cannot keep the page from scrolling: listen natively.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || status !== "ready") return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      setSpinning(false);
      orbit.current = zoom(orbit.current, wheelZoomFactor(event.deltaY, event.deltaMode), limits);
      requestDraw();
    };
    host.addEventListener("wheel", onWheel, { passive: false });
    return () => host.removeEventListener("wheel", onWheel);
  }, [status, limits, requestDraw]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const command = orbitKey(event.key, event.shiftKey);
    if (command) {
      event.preventDefault();
      setSpinning(false);
      orbit.current = applyCommand(orbit.current, command, initial, limits);
      requestDraw();
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "n" || key === "]" || key === "p" || key === "[") {
      event.preventDefault();
      setHovered(null);
      setFocused((current) => stepFocus(order, current, key === "n" || key === "]" ? 1 : -1));
    } else if (event.key === "Enter" && focused) {
      event.preventDefault();
      openProfile(focused);
    } else if (event.key === "Escape" && focused) {
      event.preventDefault();
      setFocused(null);
    }
  }

  const point = highlighted ? pointsById.get(highlighted) : undefined;
  const focusedPoint = focused ? pointsById.get(focused) : undefined;
  const total = list.data?.total ?? 0;
  const label = layout
    ? sceneSummary(layout, total) + (status === "unsupported" ? " Not drawn: this browser offers no WebGL; the table lists the same attackers." : "")
    : "3-D view of attackers: loading.";

  return (
    <section className="attackers-3d" aria-label="3-D view">
      {status === "unsupported" && (
        <p className="warning" role="alert">
          The 3-D view needs WebGL, which this browser does not offer or has turned off
          {failure ? ` (${failure})` : ""}. The table below lists the same attackers.
        </p>
      )}
      {list.error !== null && list.error !== undefined && <ErrorState error={list.error} what="attackers" onRetry={list.reload} />}
      {list.loading && !list.data && <Loading what="attackers" />}
      <div className="scene-frame">
        <div
          ref={hostRef}
          className={`scene-host${status === "unsupported" ? " unavailable" : ""}`}
          data-testid="attackers-3d"
          role="img"
          aria-label={label}
          aria-describedby={status === "unsupported" ? undefined : ids.help}
          aria-busy={status === "loading" || list.loading}
          tabIndex={status === "ready" ? 0 : -1}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => (drag.current = null)}
          onPointerLeave={() => setHovered(null)}
          onKeyDown={onKeyDown}
        >
          {status === "loading" && <span className="scene-message">Loading the 3-D view…</span>}
          {status === "unsupported" && <span className="scene-message">3-D view unavailable</span>}
        </div>
        <div ref={tooltipRef} className="scene-tooltip" aria-hidden="true" hidden>
          {point && (
            <>
                <strong className="mono">{point.id}</strong>
                {point.name && <span> “{point.name}”</span>}
                <br />
                <span className="glyph" style={{ color: cssColor(phaseStyle(point.phase).color) }}>
                  {phaseStyle(point.phase).glyph}
                </span>{" "}
                {phaseStyle(point.phase).label} · score {formatScore(point.score)} · {formatCount(point.alerts)} alerts
                <br />
                {point.category} · {point.lastSeen ? `last seen ${relativeTime(point.lastSeen)}` : "never seen"}
      
        </>
          )}
        </div>
      </div>
      <p id={ids.live} className="visually-hidden" aria-live="polite">
        {focusedPoint ? `${describePoint(focusedPoint)}. Press Enter to open its profile.` : ""}
      </p>
      {status === "unsupported" ? (
        fallback
      ) : (
        <>
        <div className="scene-controls">
          <p id={ids.help} className="hint">
            Drag or use the arrow keys to turn (Shift turns further), + and − or the wheel to zoom, 0 to reset.
            N and P step through the attackers, highest score first; Enter opens the one picked. Click a shape to
            open its profile.
          </p>
          {!reducedMotion && status === "ready" && (
            <button type="button" onClick={() => setSpinning((value) => !value)}>
              {spinning ? "Stop rotating" : "Rotate"}
            </button>
          )}
        </div>
        <Legend />
        {list.data && list.data.total > list.data.attackers.length && (
          <p className="hint">
            Showing the top {formatCount(list.data.attackers.length)} of {formatCount(list.data.total)} attackers; narrow
            the filters to see others.
          </p>
        )}
        {list.data && list.data.attackers.length === 0 && <p className="empty">No attackers to show.</p>}
        </>
      )}
    </section>
  );
}

/** Colour and shape for each phase, named: the key to the view, so colour is never the only signal. */
function Legend() {
  return (
    <ul className="scene-legend" aria-label="Legend: phase by colour and shape">
      {legendEntries().map(({ phase, style }) => (
        <li key={phase ?? "unknown"}>
          <span
            className="glyph"
            aria-hidden="true"
            style={{ color: cssColor(style.color) }}
          >
            {style.glyph}
          </span>{" "}
          {style.label} <span className="hint">({style.shape.replace("-", " ")})</span>
        </li>
      ))}
      <li className="hint">size: score · height: alerts (log) · front to back: seen now to oldest</li>
    </ul>
  );
}
