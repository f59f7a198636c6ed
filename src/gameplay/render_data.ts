/**
 * Per-entity drawing data: sprite, tint, text and entity shader.
 *
 * @module
 */
import type { LuaTable } from "../api/mod.ts";
import { arrayPart, isTable, type Rgba } from "./lua_table.ts";

/**
 * A sprite: texture key, size, origin (the point drawn at the entity
 * position), flip and offset.
 *
 * @example
 * ```ts
 * import { emptySprite } from "./render_data.ts";
 * const s = { ...emptySprite(), texture: "ball", w: 8, h: 8 };
 * ```
 */
export interface Sprite {
  /** Texture key; empty until `with_sprite` names one. */
  texture: string;
  /** Width in world units. */
  w: number;
  /** Height in world units. */
  h: number;
  /** Origin x inside the sprite. */
  originX: number;
  /** Origin y inside the sprite. */
  originY: number;
  /** Mirror horizontally. */
  flipX: boolean;
  /** Mirror vertically. */
  flipY: boolean;
  /** Draw offset x. */
  offsetX: number;
  /** Draw offset y. */
  offsetY: number;
  /**
   * Top-left corner of the drawn region in the texture (tiles from a
   * tileset); the whole texture from (0, 0) when absent.
   */
  source?: { x: number; y: number };
}

/**
 * A sprite with no texture yet, so flip or offset records may come first.
 *
 * @example
 * ```ts
 * import { emptySprite } from "./render_data.ts";
 * console.assert(emptySprite().texture === "");
 * ```
 */
export function emptySprite(): Sprite {
  return {
    texture: "",
    w: 0,
    h: 0,
    originX: 0,
    originY: 0,
    flipX: false,
    flipY: false,
    offsetX: 0,
    offsetY: 0,
  };
}

/**
 * Text drawn at the entity; with `binding` it shows world signal `binding`
 * through `format` (`{}` is replaced by the value).
 *
 * @example
 * ```ts
 * import type { TextData } from "./render_data.ts";
 * const t: TextData = { text: "SCORE", color: [255, 255, 255, 255] };
 * ```
 */
export interface TextData {
  /** Static text (shown when there is no binding). */
  text: string;
  /** Font key. */
  font?: string;
  /** Font size. */
  size?: number;
  /** Colour. */
  color: Rgba;
  /** World signal key shown by the text. */
  binding?: string;
  /** Format with `{}` for the bound value. */
  format?: string;
}

/**
 * A shader uniform value.
 *
 * @example
 * ```ts
 * import type { UniformValue } from "./render_data.ts";
 * const u: UniformValue = { type: "vec2", value: [1, 2] };
 * ```
 */
export type UniformValue =
  | { type: "float"; value: number }
  | { type: "int"; value: number }
  | { type: "vec2"; value: [number, number] }
  | { type: "vec4"; value: [number, number, number, number] };

/**
 * A shader and its uniforms (also used for the post-process chain's uniforms).
 *
 * @example
 * ```ts
 * import type { ShaderData } from "./render_data.ts";
 * const s: ShaderData = { key: "glow", uniforms: new Map() };
 * ```
 */
export interface ShaderData {
  /** Shader key. */
  key: string;
  /** Uniforms by name. */
  uniforms: Map<string, UniformValue>;
}

/**
 * Parse a `with_shader` uniforms table: a number is a float, a list of 2 or 4
 * numbers a vec2 / vec4. Returns the uniforms and the names it could not read.
 *
 * @example
 * ```ts
 * import { parseUniforms } from "./render_data.ts";
 * const { uniforms } = parseUniforms(new Map([["t", 0.5]]));
 * console.assert(uniforms.get("t")?.type === "float");
 * ```
 */
export function parseUniforms(
  table: LuaTable,
): { uniforms: Map<string, UniformValue>; rejected: string[] } {
  const uniforms = new Map<string, UniformValue>();
  const rejected: string[] = [];
  for (const [name, value] of table) {
    const key = String(name);
    if (typeof value === "number") {
      uniforms.set(key, { type: "float", value });
      continue;
    }
    const list = isTable(value) ? arrayPart(value) : [];
    const nums = list.filter((v): v is number => typeof v === "number");
    if (nums.length === list.length && nums.length === 2) {
      uniforms.set(key, { type: "vec2", value: [nums[0]!, nums[1]!] });
    } else if (nums.length === list.length && nums.length === 4) {
      uniforms.set(key, { type: "vec4", value: [nums[0]!, nums[1]!, nums[2]!, nums[3]!] });
    } else {
      rejected.push(key);
    }
  }
  return { uniforms, rejected };
}
