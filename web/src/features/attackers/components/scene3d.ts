// The 3-D view's drawing: three.js objects for a SceneLayout (hooks/layout.ts decides where everything
// goes; this only draws it). Loaded with a dynamic import when the analyst opens the 3-D view, so the
// table never pays for three.js. Everything made here is disposed in dispose(): WebGL contexts are few
// (browsers keep about 16), and geometries and textures live on the GPU until freed.
import {
  AmbientLight,
  BoxGeometry,
  BufferGeometry,
  CanvasTexture,
  Color,
  ConeGeometry,
  CylinderGeometry,
  DirectionalLight,
  DodecahedronGeometry,
  Float32BufferAttribute,
  Group,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  OctahedronGeometry,
  PerspectiveCamera,
  PlaneGeometry,
  Raycaster,
  Scene,
  SphereGeometry,
  SRGBColorSpace,
  Sprite,
  SpriteMaterial,
  TorusGeometry,
  Vector2,
  Vector3,
  WebGLRenderer,
} from "three";
import type { Material, Object3D } from "three";

import { legendEntries, phaseStyle } from "../hooks/layout";
import type { SceneLayout, Shape } from "../hooks/layout";
import { cameraPosition } from "../hooks/orbit";
import type { Orbit, Vec3 } from "../hooks/orbit";

/** The page's colours (CSS custom properties), so the scene follows the light or dark theme. */
export interface SceneColors {
  background: string;
  foreground: string;
  muted: string;
  line: string;
  accent: string;
}

/** Whether this browser can make a WebGL context at all (it may be missing, or turned off by policy). */
export function webglSupported(): boolean {
  try {
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
    // give the probe's context back at once rather than waiting for the collector
    context?.getExtension("WEBGL_lose_context")?.loseContext();
    return context !== null;
  } catch {
    return false;
  }
}

/** One geometry per shape, about one unit across, scaled per attacker by its radius. */
function makeGeometry(shape: Shape): BufferGeometry {
  switch (shape) {
    case "sphere":
      return new SphereGeometry(1, 24, 16);
    case "cube":
      return new BoxGeometry(1.5, 1.5, 1.5);
    case "cone":
      return new ConeGeometry(1.1, 2, 24);
    case "cone-down":
      return new ConeGeometry(1.1, 2, 24).rotateX(Math.PI);
    case "octahedron":
      return new OctahedronGeometry(1.3);
    case "hexagon":
      return new CylinderGeometry(1.05, 1.05, 1.4, 6);
    case "ring":
      return new TorusGeometry(0.85, 0.34, 12, 28);
    case "dodecahedron":
      return new DodecahedronGeometry(1.1);
  }
}

const LABEL_PX = 44;

/** A text label facing the camera: a sprite with the text drawn on a canvas texture. */
function textSprite(text: string, color: string, worldHeight: number): Sprite {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  const font = `600 ${LABEL_PX}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  let width = LABEL_PX * text.length * 0.6;
  if (context) {
    context.font = font;
    width = context.measureText(text).width;
  }
  canvas.width = Math.ceil(width + LABEL_PX * 0.5);
  canvas.height = Math.ceil(LABEL_PX * 1.3);
  if (context) {
    context.font = font; // resizing the canvas reset it
    context.fillStyle = color;
    context.textBaseline = "middle";
    context.fillText(text, LABEL_PX * 0.25, canvas.height / 2);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  const material = new SpriteMaterial({ map: texture, transparent: true, depthWrite: false });
  const sprite = new Sprite(material);
  sprite.scale.set((worldHeight * canvas.width) / canvas.height, worldHeight, 1);
  return sprite;
}

function lines(points: number[], color: string, opacity = 1): LineSegments {
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new Float32BufferAttribute(points, 3));
  const material = new LineBasicMaterial({ color: new Color(color), transparent: opacity < 1, opacity });
  return new LineSegments(geometry, material);
}

/** Free the GPU side of everything under ``root``: geometries, materials and their textures. */
function disposeTree(root: Object3D, keep: Set<BufferGeometry | Material>): void {
  root.traverse((object) => {
    const withGeometry = object as Object3D & { geometry?: BufferGeometry; material?: Material | Material[] };
    if (withGeometry.geometry && !keep.has(withGeometry.geometry)) withGeometry.geometry.dispose();
    const materials = withGeometry.material ? ([] as Material[]).concat(withGeometry.material) : [];
    for (const material of materials) {
      if (keep.has(material)) continue;
      const map = (material as Material & { map?: { dispose(): void } | null }).map;
      map?.dispose();
      material.dispose();
    }
  });
}

export class AttackerScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(40, 1, 0.1, 1000);
  private readonly raycaster = new Raycaster();
  private readonly geometries = new Map<Shape, BufferGeometry>();
  private readonly materials = new Map<string, MeshStandardMaterial>();
  private readonly shared = new Set<BufferGeometry | Material>();
  private readonly halo: Mesh;
  private readonly stem: LineSegments;
  private content = new Group();
  private pickable: Mesh[] = [];
  private byId = new Map<string, Mesh>();
  private target: Vec3 = [0, 0, 0];

  /** Throws when no WebGL context can be made; the caller shows its message instead. */
  constructor(private readonly host: HTMLElement) {
    this.renderer = new WebGLRenderer({ antialias: true, powerPreference: "low-power" });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.outputColorSpace = SRGBColorSpace;
    const canvas = this.renderer.domElement;
    canvas.style.display = "block";
    canvas.style.width = "100%";
    canvas.style.height = "100%";
    // the container carries the role="img" and its label; the canvas itself says nothing
    canvas.setAttribute("aria-hidden", "true");
    host.appendChild(canvas);

    this.scene.add(new AmbientLight(0xffffff, 1.1));
    const sun = new DirectionalLight(0xffffff, 2.2);
    sun.position.set(8, 20, 14);
    this.scene.add(sun);
    const fill = new DirectionalLight(0xffffff, 0.6);
    fill.position.set(-10, 6, -8);
    this.scene.add(fill);

    for (const { style } of legendEntries()) {
      if (!this.geometries.has(style.shape)) this.geometries.set(style.shape, makeGeometry(style.shape));
    }
    for (const geometry of this.geometries.values()) this.shared.add(geometry);

    const haloGeometry = new SphereGeometry(1, 16, 12);
    const haloMaterial = new MeshBasicMaterial({ wireframe: true, transparent: true, opacity: 0.9 });
    this.halo = new Mesh(haloGeometry, haloMaterial);
    this.halo.visible = false;
    this.stem = lines([0, 0, 0, 0, 1, 0], "#888888");
    this.stem.visible = false;
    this.scene.add(this.halo, this.stem, this.content);
    this.resize();
  }

  /** Draw ``layout`` in ``colors``, replacing what was drawn before. */
  setLayout(layout: SceneLayout, colors: SceneColors): void {
    this.scene.remove(this.content);
    disposeTree(this.content, this.shared);
    this.content = new Group();
    this.pickable = [];
    this.byId = new Map();
    this.scene.background = new Color(colors.background);
    (this.halo.material as MeshBasicMaterial).color.set(colors.accent);
    (this.stem.material as LineBasicMaterial).color.set(colors.accent);

    for (const { phase, style } of legendEntries()) {
      const key = phase ?? "";
      if (!this.materials.has(key)) {
        const material = new MeshStandardMaterial({
          color: style.color,
          roughness: 0.55,
          metalness: 0.05,
          flatShading: style.shape !== "sphere",
        });
        this.materials.set(key, material);
        this.shared.add(material);
      }
    }

    const halfW = layout.width / 2;
    const halfD = layout.depth / 2;
    this.drawFloor(layout, colors, halfW, halfD);
    this.drawAxes(layout, colors, halfW, halfD);

    for (const point of layout.points) {
      const style = phaseStyle(point.phase);
      const geometry = this.geometries.get(style.shape);
      const material = this.materials.get(point.phase ?? "");
      if (!geometry || !material) continue;
      const mesh = new Mesh(geometry, material);
      mesh.position.set(point.x, point.y, point.z);
      mesh.scale.setScalar(point.radius);
      mesh.userData.id = point.id;
      this.content.add(mesh);
      this.pickable.push(mesh);
      this.byId.set(point.id, mesh);
    }
    this.scene.add(this.content);
    this.target = [0, layout.height * 0.3, 0];
  }

  private drawFloor(layout: SceneLayout, colors: SceneColors, halfW: number, halfD: number): void {
    const laneWidth = layout.lanes.length ? layout.width / layout.lanes.length : layout.width;
    layout.lanes.forEach((lane, index) => {
      const plane = new Mesh(
        new PlaneGeometry(laneWidth * 0.94, layout.depth),
        new MeshBasicMaterial({ color: new Color(colors.line), transparent: true, opacity: index % 2 ? 0.22 : 0.38, depthWrite: false }),
      );
      plane.rotation.x = -Math.PI / 2;
      plane.position.set(lane.x, 0, 0);
      this.content.add(plane);
      const label = textSprite(`${lane.name} (${lane.count})`, colors.foreground, 0.85);
      label.position.set(lane.x, 0.45, halfD + 1.3);
      this.content.add(label);
    });
    // the front edge is "now", the back edge the oldest shown
    const now = textSprite("seen now", colors.muted, 0.7);
    now.position.set(halfW + 2.2, 0.4, halfD);
    const old = textSprite(`${layout.windowDays} ${layout.windowDays === 1 ? "day" : "days"} ago`, colors.muted, 0.7);
    old.position.set(halfW + 2.2, 0.4, -halfD);
    this.content.add(now, old, lines([halfW + 0.3, 0, halfD, halfW + 0.3, 0, -halfD], colors.muted));
  }

  private drawAxes(layout: SceneLayout, colors: SceneColors, halfW: number, halfD: number): void {
    const segments: number[] = [-halfW, 0, -halfD, -halfW, layout.height, -halfD];
    for (const tick of layout.yTicks) {
      segments.push(-halfW, tick.y, -halfD, halfW, tick.y, -halfD);
      const label = textSprite(tick.value.toLocaleString(), colors.muted, 0.7);
      label.position.set(-halfW - 1.1, tick.y, -halfD);
      this.content.add(label);
    }
    this.content.add(lines(segments, colors.line, 0.9));
    const title = textSprite("alerts (log scale)", colors.foreground, 0.8);
    title.position.set(-halfW, layout.height + 1.2, -halfD);
    this.content.add(title);
  }

  /** Put the eye where ``orbit`` says, looking at the middle of the scene. */
  setCamera(orbit: Orbit): void {
    const [x, y, z] = cameraPosition(orbit, this.target);
    this.camera.position.set(x, y, z);
    this.camera.lookAt(this.target[0], this.target[1], this.target[2]);
  }

  /** Mark one attacker (hovered or focused from the keyboard): a wire halo and a stem down to the floor. */
  setHighlight(id: string | null): void {
    const mesh = id ? this.byId.get(id) : undefined;
    this.halo.visible = Boolean(mesh);
    this.stem.visible = Boolean(mesh);
    if (!mesh) return;
    this.halo.position.copy(mesh.position);
    this.halo.scale.setScalar(mesh.scale.x * 1.6 + 0.1);
    this.stem.position.set(mesh.position.x, 0, mesh.position.z);
    this.stem.scale.set(1, Math.max(0.001, mesh.position.y), 1);
  }

  /** The attacker under a point of the page, or null. */
  pick(clientX: number, clientY: number): string | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.camera);
    const hit = this.raycaster.intersectObjects(this.pickable, false)[0];
    const id = hit?.object.userData.id;
    return typeof id === "string" ? id : null;
  }

  /** Where an attacker is drawn, in pixels from the canvas's top left; null when hidden or behind. */
  project(id: string): { x: number; y: number } | null {
    const mesh = this.byId.get(id);
    if (!mesh) return null;
    const at = new Vector3().copy(mesh.position).project(this.camera);
    if (at.z > 1) return null;
    const canvas = this.renderer.domElement;
    return { x: ((at.x + 1) / 2) * canvas.clientWidth, y: ((1 - at.y) / 2) * canvas.clientHeight };
  }

  /** Follow the container's size (called from a ResizeObserver). */
  resize(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    disposeTree(this.content, this.shared);
    disposeTree(this.halo, new Set());
    disposeTree(this.stem, new Set());
    for (const geometry of this.geometries.values()) geometry.dispose();
    for (const material of this.materials.values()) material.dispose();
    this.geometries.clear();
    this.materials.clear();
    this.scene.clear();
    this.renderer.dispose();
    // hand the context back now rather than when the collector gets to it
    this.renderer.forceContextLoss();
    this.renderer.domElement.remove();
  }
}
