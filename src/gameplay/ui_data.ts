/**
 * Menus, particle emitters and grid layout requests as configured by the
 * builder; the systems that run them read this data.
 *
 * @module
 */
import type { LuaTable, LuaValue } from "../api/mod.ts";
import type { Result } from "../core/errors.ts";
import {
  arrayPart,
  isTable,
  numberField,
  numberPair,
  type Rgba,
  stringField,
  tableField,
} from "./lua_table.ts";

/**
 * What selecting a menu item does when the menu has no callback.
 *
 * @example
 * ```ts
 * import type { MenuAction } from "./ui_data.ts";
 * const a: MenuAction = { kind: "set_scene", scene: "level1" };
 * ```
 */
export type MenuAction =
  | { kind: "quit" }
  | { kind: "set_scene"; scene: string }
  | { kind: "show_submenu"; submenu: string };

/**
 * A menu: items, layout, colours, actions, and the entities the menu system
 * spawned for it (despawned with it by `entity_menu_despawn`).
 *
 * @example
 * ```ts
 * import { newMenu } from "./ui_data.ts";
 * const m = newMenu([{ id: "start", label: "Start" }], 10, 20, "main", 16, 24, false);
 * console.assert(m.selected === 0);
 * ```
 */
export interface MenuData {
  /** Items in display order. */
  items: { id: string; label: string }[];
  /** Position of the first item. */
  x: number;
  /** Position of the first item. */
  y: number;
  /** Font key. */
  font: string;
  /** Font size. */
  size: number;
  /** Distance between items. */
  spacing: number;
  /** Screen-space placement. */
  screenSpace: boolean;
  /** Colour of unselected items. */
  normalColor: Rgba;
  /** Colour of the selected item. */
  selectedColor: Rgba;
  /** World key of the entity used as a cursor. */
  cursor?: string;
  /** Re-read labels each frame. */
  dynamicText: boolean;
  /** Lua callback on selection; when set, actions are ignored. */
  callback?: string;
  /** Sound played when the selection moves. */
  selectionSound?: string;
  /** Items shown at once (scrolling), all when absent. */
  visibleCount?: number;
  /** Actions by item id. */
  actions: Record<string, MenuAction>;
  /** Index of the selected item. */
  selected: number;
  /** Index of the first visible item (with `visibleCount`). */
  scroll: number;
  /** `new` until the menu system first sees it; `hidden` while a submenu waits or after it opened one. */
  status: "new" | "shown" | "hidden";
  /** Item index selected this frame, waiting for the Lua callback. */
  pending: number | null;
  /** Entities spawned for the items (one per item, in item order). */
  itemEntities: number[];
  /** Entity used as the cursor. */
  cursorEntity: number | null;
}

/**
 * A menu with default colours (white, yellow) and no actions.
 *
 * @example
 * ```ts
 * import { newMenu } from "./ui_data.ts";
 * console.assert(newMenu([], 0, 0, "f", 12, 16, true).screenSpace);
 * ```
 */
export function newMenu(
  items: { id: string; label: string }[],
  x: number,
  y: number,
  font: string,
  size: number,
  spacing: number,
  screenSpace: boolean,
): MenuData {
  return {
    items,
    x,
    y,
    font,
    size,
    spacing,
    screenSpace,
    normalColor: [255, 255, 255, 255],
    selectedColor: [255, 255, 0, 255],
    dynamicText: false,
    actions: {},
    selected: 0,
    scroll: 0,
    status: "new",
    pending: null,
    itemEntities: [],
    cursorEntity: null,
  };
}

/**
 * Parse `with_menu` items (`{{id=, label=}, ..}`; a missing label is the
 * id); `undefined` when an item has no string id.
 *
 * @example
 * ```ts
 * import { parseMenuItems } from "./ui_data.ts";
 * const items = parseMenuItems(new Map([[1, new Map([["id", "quit"]])]]));
 * console.assert(items?.[0]?.label === "quit");
 * ```
 */
export function parseMenuItems(t: LuaTable): { id: string; label: string }[] | undefined {
  const items: { id: string; label: string }[] = [];
  for (const item of arrayPart(t)) {
    const id = isTable(item) ? stringField(item, "id") : undefined;
    if (id === undefined || !isTable(item)) return undefined;
    items.push({ id, label: stringField(item, "label") ?? id });
  }
  return items;
}

/**
 * Where particles appear around the emitter: its position, or a random
 * point of a `width` x `height` box centred on it.
 *
 * @example
 * ```ts
 * import type { EmitterShape } from "./ui_data.ts";
 * const s: EmitterShape = { kind: "rect", width: 40, height: 8 };
 * ```
 */
export type EmitterShape =
  | { kind: "point" }
  | { kind: "rect"; width: number; height: number };

/**
 * A particle emitter: every `1 / rate` seconds, while `remaining` emissions
 * are left, it clones `count` particles from its templates (world keys of
 * entities), moving in a direction of `arc` (degrees, 0 = up, clockwise) at
 * a speed of `speed`, living a time of `ttl` (`null`: the template's own).
 *
 * @example
 * ```ts
 * import type { ParticleEmitter } from "./ui_data.ts";
 * const e: ParticleEmitter = {
 *   templates: ["spark"], shape: { kind: "point" }, offset: [0, 0], rate: 10, count: 2,
 *   remaining: 5, arc: [0, 360], speed: [50, 100], ttl: [0.5, 1], elapsed: 0, warned: false,
 * };
 * ```
 */
export interface ParticleEmitter {
  /** World keys of the entities cloned as particles (one picked at random each time). */
  templates: string[];
  /** Spawn area. */
  shape: EmitterShape;
  /** Spawn point relative to the emitter's position. */
  offset: [number, number];
  /** Emissions per second. */
  rate: number;
  /** Particles per emission. */
  count: number;
  /** Emissions left (`Infinity` for no end). */
  remaining: number;
  /** Direction range in degrees, 0 = up, clockwise. */
  arc: [number, number];
  /** Speed range. */
  speed: [number, number];
  /** Lifetime range in seconds, or `null` to keep the template's TTL. */
  ttl: [number, number] | null;
  /** Seconds since the last emission. */
  elapsed: number;
  /** A missing template was reported already (one log line per emitter). */
  warned: boolean;
}

function ordered([a, b]: [number, number]): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

function firstNumber(t: LuaTable, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const v = numberField(t, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function firstPair(t: LuaTable, keys: readonly string[]): [number, number] | undefined {
  for (const key of keys) {
    if (!t.has(key)) continue;
    const pair = numberPair(t.get(key));
    return pair === undefined ? undefined : ordered(pair);
  }
  return undefined;
}

function parseShape(value: LuaValue | undefined): Result<EmitterShape> {
  if (value === undefined || value === "point") return { ok: true, value: { kind: "point" } };
  if (isTable(value)) {
    const kind = stringField(value, "kind") ?? stringField(value, "type");
    if (kind === "point") return { ok: true, value: { kind: "point" } };
    const width = numberField(value, "width");
    const height = numberField(value, "height");
    if (kind === "rect" && width !== undefined && height !== undefined) {
      return { ok: true, value: { kind: "rect", width, height } };
    }
  }
  return { ok: false, error: "unknown shape (expected 'point' or {kind='rect', width=, height=})" };
}

function isCount(n: number): boolean {
  return n === Infinity || (Number.isInteger(n) && n >= 0);
}

/**
 * Parse a `with_particle_emitter` table; a sentence saying what is wrong
 * when it is unusable. Fields (long names, with short aliases):
 * `templates` (list of world keys) or `template`; `shape` (`"point"` or
 * `{kind="rect", width=, height=}`); `offset` (`{x=, y=}`);
 * `particles_per_emission` / `count` (default 1); `emissions_per_second` /
 * `rate` (default 10); `emissions_remaining` / `emissions` (default 100,
 * `math.huge` for no end); `arc` / `angle` (`{min, max}` degrees, default
 * 0..360); `speed` (`{min, max}`, default 50..100); `ttl` (a number,
 * `{min=, max=}`, or absent / `"none"` to keep the template's). Reversed
 * ranges are swapped.
 *
 * @example
 * ```ts
 * import { parseParticleEmitter } from "./ui_data.ts";
 * const e = parseParticleEmitter(new Map<string, string | number>([["template", "spark"], ["rate", 5]]));
 * console.assert(e.ok && e.value.rate === 5 && e.value.count === 1);
 * ```
 */
export function parseParticleEmitter(t: LuaTable): Result<ParticleEmitter> {
  const list = tableField(t, "templates");
  const single = stringField(t, "template");
  const templates = list !== undefined
    ? arrayPart(list).filter((v): v is string => typeof v === "string")
    : single !== undefined
    ? [single]
    : [];
  if (templates.length === 0) {
    return { ok: false, error: "the emitter has no 'templates' (or 'template') to clone" };
  }
  const shape = parseShape(t.get("shape"));
  if (!shape.ok) return shape;
  const offsetTable = t.get("offset");
  const offset = offsetTable === undefined ? [0, 0] as [number, number] : numberPair(offsetTable);
  if (offset === undefined) return { ok: false, error: "offset must be {x=, y=}" };
  const count = firstNumber(t, ["particles_per_emission", "count"]) ?? 1;
  const remaining = firstNumber(t, ["emissions_remaining", "emissions"]) ?? 100;
  if (!isCount(count)) {
    return { ok: false, error: "particles_per_emission must be a non-negative integer" };
  }
  if (!isCount(remaining)) {
    return { ok: false, error: "emissions_remaining must be a non-negative integer" };
  }
  const rate = firstNumber(t, ["emissions_per_second", "rate"]) ?? 10;
  const arc = firstPair(t, ["arc", "angle"]) ?? [0, 360];
  const speed = firstPair(t, ["speed"]) ?? [50, 100];
  const ttlValue = t.get("ttl");
  let ttl: [number, number] | null = null;
  if (ttlValue !== undefined && ttlValue !== "none") {
    const pair = numberPair(ttlValue);
    if (pair === undefined) {
      return { ok: false, error: "ttl must be a number, {min=, max=} or 'none'" };
    }
    ttl = ordered(pair).map((v) => Math.max(0, v)) as [number, number];
  }
  return {
    ok: true,
    value: {
      templates,
      shape: shape.value,
      offset,
      rate,
      count,
      remaining,
      arc,
      speed,
      ttl,
      elapsed: 0,
      warned: false,
    },
  };
}

/**
 * A `with_grid_layout` request: the JSON file (resolved by the grid layout
 * system), the group and z-index of the spawned cells.
 *
 * @example
 * ```ts
 * import type { GridLayoutRequest } from "./ui_data.ts";
 * const g: GridLayoutRequest = { path: "levels/1.json", group: "bricks", zindex: 1, done: false };
 * ```
 */
export interface GridLayoutRequest {
  /** Path relative to the game folder. */
  path: string;
  /** Group of the spawned cells. */
  group: string;
  /** Z-index of the spawned cells. */
  zindex: number;
  /** Set by the system once the cells are spawned. */
  done: boolean;
}
