/**
 * What the renderer gets each frame: drawables from entities with a
 * position and a sprite, collider or text, in plain data.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  aliveEntities,
  Collider,
  colliderRectAt,
  componentTest,
  entityCount,
  Position,
  ScreenSpace,
} from "../ecs/mod.ts";
import type {
  Drawable,
  RenderAsset,
  RenderAssets,
  RenderFrame,
  RenderUniform,
  Rgba,
} from "../core/render_types.ts";

function hashColor(key: string): Rgba {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  // Bright, saturated colours read well on a dark terminal.
  return [96 + (h & 0x7f), 96 + ((h >>> 8) & 0x7f), 96 + ((h >>> 16) & 0x7f), 255];
}

function boundText(
  state: GameState,
  binding: string | undefined,
  format: string | undefined,
  text: string,
): string {
  if (binding === undefined) return text;
  const s = state.signals;
  const v = s.getInteger(binding) ?? s.getScalar(binding) ?? s.getString(binding) ?? "";
  return (format ?? "{}").replace("{}", String(v));
}

function uniformRecord(
  uniforms: ReadonlyMap<string, RenderUniform>,
): Record<string, RenderUniform> {
  return Object.fromEntries(uniforms);
}

function assetRecords(state: GameState): RenderAssets {
  const kind = (k: keyof RenderAssets) => {
    const out: Record<string, RenderAsset> = {};
    for (const [key, a] of state.assets[k]) {
      out[key] = a.size === undefined
        ? { path: a.path, resolved: a.resolved }
        : { path: a.path, resolved: a.resolved, size: a.size };
    }
    return out;
  };
  return {
    texture: kind("texture"),
    font: kind("font"),
    sound: kind("sound"),
    music: kind("music"),
    shader: kind("shader"),
  };
}

/** The entries of a frame-stamped log written during `frame` (they sit at its end). */
function ofFrame<T extends { frame: number }>(list: readonly T[], frame: number): T[] {
  let i = list.length;
  while (i > 0 && list[i - 1]!.frame === frame) i--;
  return list.slice(i);
}

/** Facts for the status line that the state does not hold. */
export interface FrameFacts {
  /** Simulation frame. */
  frame: number;
  /** Current scene. */
  scene: string;
  /** Frames per second shown. */
  fps: number;
  /** Milliseconds the last step took. */
  frameMs: number;
  /** Logical view size. */
  view: { width: number; height: number };
  /** Draw an FPS counter in the game view (CVar `r_show_fps`). */
  showFps?: boolean;
  /** The game's title (its manifest's), for the status line. */
  title?: string;
  /** The profiler's entry for the status line, while it runs. */
  profile?: string;
}

/**
 * Build the render frame of `state`.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import type { Renderer } from "../core/render_types.ts";
 * import { buildRenderFrame } from "./render_frame.ts";
 * declare const renderer: Renderer;
 * const view = { width: 800, height: 600 };
 * const frame = buildRenderFrame(createGameState(), {
 *   frame: 1,
 *   scene: "menu",
 *   fps: 60,
 *   frameMs: 1,
 *   view,
 * });
 * renderer.draw(frame);
 * ```
 */
export function buildRenderFrame(state: GameState, facts: FrameFacts): RenderFrame {
  const { world, gameplay } = state;
  const s = world.components;
  const drawables: Drawable[] = [];
  const hasPosition = componentTest(world, Position), onScreen = componentTest(world, ScreenSpace);
  const hasCollider = componentTest(world, Collider);
  const { ids, eids } = aliveEntities(world);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!, eid = eids[i]!;
    if (!hasPosition(eid)) continue;
    const x = s.position.x[eid] ?? 0;
    const y = s.position.y[eid] ?? 0;
    const sprite = gameplay.sprite.get(eid);
    const text = gameplay.text.get(eid);
    const tint = gameplay.tint.get(eid);
    const z = s.zindex.value[eid] ?? 0;
    const screen = onScreen(eid);
    const sx = s.scale.x[eid] ?? 1;
    const sy = s.scale.y[eid] ?? 1;
    let box: { x: number; y: number; w: number; h: number } | undefined;
    if (sprite && sprite.w > 0) {
      box = {
        x: x - sprite.originX * sx + sprite.offsetX,
        y: y - sprite.originY * sy + sprite.offsetY,
        w: sprite.w * sx,
        h: sprite.h * sy,
      };
    } else if (hasCollider(eid)) {
      box = colliderRectAt(world, eid, { x: 0, y: 0, w: 0, h: 0 });
    }
    if (!box && !text) continue;
    const groups = world.groups.of(eid);
    const d: Drawable = {
      id,
      x: box?.x ?? x,
      y: box?.y ?? y,
      w: box?.w ?? 0,
      h: box?.h ?? 0,
      z,
      color: tint ?? hashColor(sprite?.texture || groups[0] || "entity"),
      screen,
      rotation: s.rotation.degrees[eid] ?? 0,
    };
    if (sprite?.texture) {
      d.texture = sprite.texture;
      d.flipX = sprite.flipX;
      d.flipY = sprite.flipY;
      // The playing animation picks the texture and the frame rectangle.
      const anim = gameplay.animation.get(eid);
      const def = anim && state.animations.get(anim.key);
      if (anim && def) {
        d.texture = def.texture;
        d.frame = {
          x: def.x + anim.frame * def.dx,
          y: def.y + anim.frame * def.dy,
          w: sprite.w,
          h: sprite.h,
        };
      }
    }
    if (tint) d.tint = tint;
    const shader = gameplay.shader.get(eid);
    if (shader) d.shader = { key: shader.key, uniforms: uniformRecord(shader.uniforms) };
    if (text) {
      d.text = {
        value: boundText(state, text.binding, text.format, text.text),
        size: text.size ?? 16,
        color: text.color,
        font: text.font,
      };
    }
    drawables.push(d);
  }
  if (facts.showFps) {
    // Screen space, above everything, in the top-right corner of the view.
    drawables.push({
      id: 0,
      x: facts.view.width - 90,
      y: 4,
      w: 0,
      h: 0,
      z: Number.MAX_SAFE_INTEGER,
      color: [0, 0, 0, 0],
      screen: true,
      text: { value: `FPS ${Math.round(facts.fps)}`, size: 14, color: [255, 255, 120, 255] },
    });
  }
  return {
    frame: facts.frame,
    view: facts.view,
    camera: { x: state.camera.x, y: state.camera.y, zoom: state.camera.zoom },
    background: [12, 12, 20, 255],
    drawables,
    status: {
      fps: facts.fps,
      entities: entityCount(world),
      frameMs: facts.frameMs,
      errors: state.log.errors.length,
      scene: facts.scene,
      ...(facts.title === undefined ? {} : { title: facts.title }),
      ...(facts.profile === undefined ? {} : { profile: facts.profile }),
    },
    assets: assetRecords(state),
    postProcess: {
      shaders: [...state.postProcess.shaders],
      uniforms: uniformRecord(state.postProcess.uniforms),
    },
    audio: ofFrame(state.audio, facts.frame).map((a) => ({ action: a.action, id: a.id })),
    errors: ofFrame(state.log.errors, facts.frame).map((e) => ({ ...e })),
    errorOverlay: state.log.digest.overlay(facts.frame),
  };
}
