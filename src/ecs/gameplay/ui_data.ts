/**
 * Menus, particle emitters and grid layout requests as configured by the
 * builder; the systems that run them read this data.
 *
 * @module
 */
import type { LuaTable } from "../../api/mod.ts";
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
  /** Entities spawned for the items. */
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
 * A particle emitter: templates (world keys of entities to clone), spawn
 * shape, rate (particles per second) or burst count, and ranges.
 *
 * @example
 * ```ts
 * import type { ParticleEmitter } from "./ui_data.ts";
 * const e: ParticleEmitter = {
 *   templates: ["spark"], shape: "point", radius: 0, rate: 10, count: 0,
 *   speed: [50, 100], angle: [0, 360], ttl: [0.5, 1], elapsed: 0,
 * };
 * ```
 */
export interface ParticleEmitter {
  /** World keys of the entities cloned as particles. */
  templates: string[];
  /** `"point"`, `"circle"` or `"rect"`. */
  shape: string;
  /** Radius (circle) or half size (rect) of the spawn area. */
  radius: number;
  /** Particles per second (0: none continuous). */
  rate: number;
  /** Particles emitted at once when the emitter starts. */
  count: number;
  /** Speed range. */
  speed: [number, number];
  /** Angle range in degrees. */
  angle: [number, number];
  /** Lifetime range in seconds. */
  ttl: [number, number];
  /** Seconds since the last emission. */
  elapsed: number;
}

/**
 * Parse a `with_particle_emitter` table (`templates` a list or `template` a
 * key, `shape`, `radius`, `rate`, `count`, `speed`, `angle`, `ttl` as
 * `{min, max}` or a number); a sentence when it is unusable.
 *
 * @example
 * ```ts
 * import { parseParticleEmitter } from "./ui_data.ts";
 * const e = parseParticleEmitter(new Map<string, string | number>([["template", "spark"], ["rate", 5]]));
 * console.assert(typeof e !== "string" && e.rate === 5);
 * ```
 */
export function parseParticleEmitter(t: LuaTable): ParticleEmitter | string {
  const list = tableField(t, "templates");
  const single = stringField(t, "template");
  const templates = list !== undefined
    ? arrayPart(list).filter((v): v is string => typeof v === "string")
    : single !== undefined
    ? [single]
    : [];
  if (templates.length === 0) return "the emitter has no 'templates' (or 'template') to clone";
  return {
    templates,
    shape: stringField(t, "shape") ?? "point",
    radius: numberField(t, "radius") ?? 0,
    rate: numberField(t, "rate") ?? 0,
    count: numberField(t, "count") ?? 0,
    speed: numberPair(t.get("speed")) ?? [0, 0],
    angle: numberPair(t.get("angle")) ?? [0, 360],
    ttl: numberPair(t.get("ttl")) ?? [1, 1],
    elapsed: 0,
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
