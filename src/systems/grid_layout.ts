/**
 * Grid layouts (`with_grid_layout(path, group, zindex)`): a JSON file of
 * rows of characters, each character a legend entry of builder calls,
 * spawned as one entity per cell.
 *
 * The file:
 *
 * ```json
 * {
 *   "cell_width": 40, "cell_height": 16, "origin": [20, 40],
 *   "legend": {
 *     "R": { "sprite": ["brick", 38, 14, 19, 7], "collider": [38, 14, 19, 7],
 *            "signal_integer": ["points", 10] },
 *     "S": { "with_sprite": { "texture": "steel", "w": 38, "h": 14, "origin_x": 19, "origin_y": 7 },
 *            "tint": [160, 160, 160, 255] }
 *   },
 *   "rows": ["RRRR", "S..S"]
 * }
 * ```
 *
 * A legend entry maps builder method names (with or without `with_`) to
 * their arguments: an array in parameter order, an object by parameter
 * name, a single value for a one-parameter method, or `true` for one
 * without parameters. Each cell gets a position at its centre (`origin` +
 * (column + ½, row + ½) × cell size, so `origin` is the top-left corner of
 * the grid, in world units), the layout's group and z-index, the layout
 * entity's persistence, then the entry's calls in the order written.
 * `" "` and `"."` are empty cells. A problem anywhere in the file spawns
 * nothing and writes one error line naming the file and the problem; so do
 * a file outside the game folder, one larger than
 * {@linkcode MAX_DATA_FILE_BYTES}, one with more than
 * {@linkcode MAX_LAYOUT_CELLS} cells, and one with more non-empty cells than
 * the world has room for entities.
 *
 * @module
 */
import { type BuilderRecord, BUILDERS, type LuaTable, type LuaValue } from "../api/mod.ts";
import type { ParamDecl } from "../api/mod.ts";
import { resolveAssetPath } from "../commands/asset.ts";
import { MAX_DATA_FILE_BYTES, MAX_LAYOUT_CELLS } from "../core/ceilings.ts";
import { OutsideGameFolderError } from "../core/game_path.ts";
import { applyComponents } from "../commands/components.ts";
import { ProvisionalIds } from "../commands/context.ts";
import type { GameState } from "../state/game_state.ts";
import type { GridLayoutRequest } from "../gameplay/mod.ts";
import {
  addComponent,
  entityRoom,
  hasComponent,
  Persistent,
  Position,
  setComponent,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
import { byId } from "./entity_order.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * A grid layout file that cannot be used; the message says what is wrong.
 *
 * @example
 * ```ts
 * import { GridLayoutError } from "./grid_layout.ts";
 * console.assert(new GridLayoutError("no rows").name === "GridLayoutError");
 * ```
 */
export class GridLayoutError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "GRID_LAYOUT";
}

/**
 * One cell to spawn: its centre and the builder records of its entry.
 *
 * @example
 * ```ts
 * import type { GridCell } from "./grid_layout.ts";
 * const c: GridCell = { x: 20, y: 8, char: "R", records: [] };
 * ```
 */
export interface GridCell {
  /** Centre x. */
  x: number;
  /** Centre y. */
  y: number;
  /** Legend character. */
  char: string;
  /** Builder calls of the legend entry. */
  records: BuilderRecord[];
}

const EMPTY = new Set([" ", "."]);
const METHODS = new Map(
  BUILDERS.filter((m) => m.kind === "record" && m.name !== "with_grid_layout").map((m) => [
    m.name,
    m,
  ]),
);

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A JSON value as a Lua value (arrays become 1-based tables, object keys
 * sorted as the codec orders them).
 *
 * @example
 * ```ts
 * import { jsonToLua } from "./grid_layout.ts";
 * const t = jsonToLua({ initial: "idle" });
 * console.assert(t instanceof Map && t.get("initial") === "idle");
 * ```
 */
export function jsonToLua(v: Json): LuaValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return new Map(v.map((x, i) => [i + 1, jsonToLua(x)]));
  const entries = Object.entries(v as Record<string, Json>).sort(([a], [b]) => a < b ? -1 : 1);
  return new Map(entries.map(([k, x]) => [k, jsonToLua(x)]));
}

function argOf(param: ParamDecl, value: Json, where: string): unknown {
  const bad = (want: string) =>
    new GridLayoutError(`${where}: '${param.name}' must be ${want}, got ${JSON.stringify(value)}`);
  switch (param.type) {
    case "number":
    case "id":
      if (typeof value !== "number" || !Number.isFinite(value)) throw bad("a number");
      break;
    case "integer":
      if (!Number.isInteger(value)) throw bad("an integer");
      break;
    case "boolean":
      if (typeof value !== "boolean") throw bad("true or false");
      break;
    case "table":
      if (value === null || typeof value !== "object") throw bad("an object or array");
      return jsonToLua(value) as LuaTable;
    case "any":
      return jsonToLua(value);
    default:
      if (typeof value !== "string") throw bad("a string");
  }
  if (typeof value === "number") {
    if (param.min !== undefined && value < param.min) throw bad(`at least ${param.min}`);
    if (param.max !== undefined && value > param.max) throw bad(`at most ${param.max}`);
  }
  if (param.choices && !param.choices.includes(value as string)) {
    throw bad(`one of ${param.choices.join(", ")}`);
  }
  return value;
}

function recordOf(name: string, value: Json, where: string): BuilderRecord {
  const method = name.startsWith("with_") || name === "register_as" ? name : `with_${name}`;
  const decl = METHODS.get(method);
  if (decl === undefined) throw new GridLayoutError(`${where}: unknown builder method '${name}'`);
  const params = decl.params;
  let given: (p: ParamDecl, i: number) => Json;
  if (Array.isArray(value)) given = (_, i) => value[i];
  else if (isObject(value) && !(params.length === 1 && params[0]!.type === "table")) {
    given = (p) => value[p.name];
  } else if (value === true && params.length === 0) given = () => undefined;
  else if (params.length >= 1) given = (_, i) => (i === 0 ? value : undefined);
  else throw new GridLayoutError(`${where}: '${method}' takes no arguments; write true`);
  const args: Record<string, unknown> = {};
  params.forEach((p, i) => {
    const v = given(p, i);
    if (v === undefined || v === null) {
      if (!p.optional) throw new GridLayoutError(`${where}: '${method}' needs '${p.name}'`);
      return;
    }
    args[p.name] = argOf(p, v, `${where}: '${method}'`);
  });
  return { method, args } as BuilderRecord;
}

function pair(v: Json, what: string): [number, number] {
  if (v === undefined) return [0, 0];
  if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number") return [v[0], v[1]];
  if (isObject(v) && typeof v.x === "number" && typeof v.y === "number") return [v.x, v.y];
  throw new GridLayoutError(`'${what}' must be [x, y] or {"x": .., "y": ..}`);
}

/**
 * Options of {@linkcode parseGridLayout}.
 *
 * @example
 * ```ts
 * import type { GridLayoutOptions } from "./grid_layout.ts";
 * const o: GridLayoutOptions = { maxCells: 500 };
 * ```
 */
export interface GridLayoutOptions {
  /**
   * Most non-empty cells (the room left in the world: each is an entity).
   * Default: no limit beyond {@linkcode MAX_LAYOUT_CELLS}.
   */
  maxCells?: number;
}

/**
 * Parse a grid layout document into its cells (row by row, left to right).
 *
 * @throws {GridLayoutError} naming the field or legend entry at fault, or
 * saying the layout has more than {@linkcode MAX_LAYOUT_CELLS} cells or
 * more non-empty cells than `options.maxCells`.
 * @example
 * ```ts
 * import { parseGridLayout } from "./grid_layout.ts";
 * const cells = parseGridLayout({
 *   cell_width: 10, cell_height: 5, origin: [100, 0],
 *   legend: { B: { group: "brick" } }, rows: ["B.B"],
 * });
 * console.assert(cells.length === 2 && cells[1]?.x === 125 && cells[1]?.y === 2.5);
 * ```
 */
export function parseGridLayout(doc: Json, options: GridLayoutOptions = {}): GridCell[] {
  if (!isObject(doc)) throw new GridLayoutError("the file must hold a JSON object");
  const cw = doc.cell_width;
  const ch = doc.cell_height;
  if (typeof cw !== "number" || typeof ch !== "number" || !(cw > 0) || !(ch > 0)) {
    throw new GridLayoutError("'cell_width' and 'cell_height' must be positive numbers");
  }
  const [ox, oy] = pair(doc.origin, "origin");
  if (!isObject(doc.legend)) throw new GridLayoutError("'legend' must be an object");
  const legend = new Map<string, BuilderRecord[]>();
  for (const [char, entry] of Object.entries(doc.legend)) {
    if ([...char].length !== 1) {
      throw new GridLayoutError(`legend key '${char}' must be one character`);
    }
    if (!isObject(entry)) throw new GridLayoutError(`legend '${char}' must be an object`);
    legend.set(
      char,
      Object.entries(entry).map(([name, value]) => recordOf(name, value, `legend '${char}'`)),
    );
  }
  const rows = doc.rows;
  if (!Array.isArray(rows) || !rows.every((r) => typeof r === "string")) {
    throw new GridLayoutError("'rows' must be a list of strings");
  }
  // Counted before anything is built, so a huge layout costs no memory.
  let total = 0;
  let filled = 0;
  for (const row of rows as string[]) {
    for (const char of row) {
      total++;
      if (!EMPTY.has(char)) filled++;
    }
  }
  if (total > MAX_LAYOUT_CELLS) {
    throw new GridLayoutError(
      `'rows' have ${total} cells, more than the ${MAX_LAYOUT_CELLS} a layout may have`,
    );
  }
  const maxCells = options.maxCells ?? Infinity;
  if (filled > maxCells) {
    throw new GridLayoutError(
      `the layout has ${filled} cells to spawn, more than the ${maxCells} entities the world has room for`,
    );
  }
  const cells: GridCell[] = [];
  rows.forEach((row: string, r) => {
    let c = 0;
    for (const char of row) {
      const column = c++;
      if (EMPTY.has(char)) continue;
      const records = legend.get(char);
      if (records === undefined) {
        throw new GridLayoutError(`row ${r + 1} uses '${char}', which is not in the legend`);
      }
      cells.push({ x: ox + (column + 0.5) * cw, y: oy + (r + 0.5) * ch, char, records });
    }
  });
  return cells;
}

function readLayout(state: GameState, path: string): GridCell[] {
  // Outside the game folder throws OutsideGameFolderError, which names the file.
  const resolved = resolveAssetPath(state, path);
  let text: string;
  try {
    const size = Deno.statSync(resolved).size;
    if (size > MAX_DATA_FILE_BYTES) {
      throw new GridLayoutError(
        `the file is ${size} bytes, more than the ${MAX_DATA_FILE_BYTES} a layout may have`,
      );
    }
    text = Deno.readTextFileSync(resolved);
  } catch (e) {
    if (e instanceof GridLayoutError) throw e;
    throw new GridLayoutError(
      e instanceof Deno.errors.NotFound ? "file not found" : (e as Error).message,
    );
  }
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new GridLayoutError(`not valid JSON: ${(e as Error).message}`);
  }
  // Every cell is an entity: a layout the world cannot hold spawns nothing.
  return parseGridLayout(doc, { maxCells: entityRoom(state.world) });
}

/**
 * Spawn the cells of one layout request made by entity `ownerId`. Returns
 * the spawned ids (empty, with one error line, when the file is unusable).
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { spawnEntity } from "../ecs/mod.ts";
 * import { spawnGridLayout } from "./grid_layout.ts";
 * const state = createGameState({ gameDir: "examples/breakout" });
 * const ownerId = spawnEntity(state.world);
 * const request = { path: "levels/1.json", group: "brick", zindex: 1, done: false };
 * const ids = spawnGridLayout(state, ownerId, request);
 * ```
 */
export function spawnGridLayout(
  state: GameState,
  ownerId: number,
  request: GridLayoutRequest,
): number[] {
  let cells: GridCell[];
  try {
    cells = readLayout(state, request.path);
  } catch (e) {
    // A layout file that does not read is an asset error: the overlay and the summary show it.
    if (e instanceof OutsideGameFolderError) {
      state.log.assetError("with_grid_layout", request.path, e.message);
    } else if (e instanceof GridLayoutError) {
      state.log.assetError("with_grid_layout", request.path, `"${request.path}": ${e.message}`);
    } else throw e;
    return [];
  }
  const persistent = hasComponent(state.world, ownerId, Persistent);
  const ctx = {
    state,
    origin: { index: 0, rank: 0, entity: ownerId, commands: [] },
    ids: new ProvisionalIds(),
  };
  const ids: number[] = [];
  for (const cell of cells) {
    const id = spawnEntity(state.world);
    setComponent(state.world, id, Position, { x: cell.x, y: cell.y });
    setComponent(state.world, id, ZIndex, { value: request.zindex });
    if (persistent) addComponent(state.world, id, Persistent);
    applyComponents(ctx, id, [
      { method: "with_group", args: { name: request.group } },
      ...cell.records,
    ], "with_grid_layout");
    ids.push(id);
  }
  return ids;
}

/**
 * Lay out every grid not laid out yet (owners in ascending id order), once
 * each: a request is marked done whether or not its file could be used, so
 * a bad file is reported once. Returns the spawned ids.
 *
 * @example
 * ```ts
 * import { gridLayoutStep } from "./grid_layout.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState({ gameDir: "/nonexistent" });
 * const owner = spawnEntity(state.world);
 * state.gameplay.gridLayout.set(eidOf(state.world, owner)!, {
 *   path: "levels/1.json", group: "brick", zindex: 0, done: false,
 * });
 * gridLayoutStep(state);
 * console.assert(state.log.entries[0]?.message === 'with_grid_layout: "levels/1.json": file not found');
 * ```
 */
export function gridLayoutStep(state: GameState): number[] {
  const ids: number[] = [];
  for (const [owner, , request] of byId(state.world, state.gameplay.gridLayout)) {
    if (request.done) continue;
    request.done = true;
    // One by one: spreading a big layout's ids as arguments overflows the stack.
    for (const id of spawnGridLayout(state, owner, request)) ids.push(id);
  }
  return ids;
}
