/**
 * Shared pieces of the batch runtime tests (`runtime*_test.ts`): a VM with the runtime and a
 * stand-in API, a batch runner, one batch run over the engine's own API, and a context with every
 * field set.
 *
 * @module
 */
import { assert } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { engineLuaSource } from "../api/mod.ts";
import type {
  CallbackRequest,
  CallbackResult,
  EntityContextData,
  SnapshotData,
} from "./batch_types.ts";

// A stand-in API chunk: each command is its text, so tests read results directly.
const FAKE_API = `
local rt = ...
local engine = {}
function engine.cmd(s) rt.emit(s .. ";") end
function engine.get_integer(k) return rt.snap.integers[k] end
function engine.spawn() return rt.next_id() end
function engine.log(msg) rt.log("info", msg) end
function engine.warn(msg) rt.log("warn", msg) end
return { engine = engine }
`;

async function vmWith(game: string, maxInstructions: number): Promise<LuaVm> {
  const vm = await LuaVm.create({ maxInstructions });
  vm.loadPrivileged(
    runtimeLuaSource({ apiSource: FAKE_API }),
    "=mg_runtime",
  );
  vm.run(game, "main.lua");
  vm.freezeGlobals();
  return vm;
}

/**
 * Run `body` with a VM holding the batch runtime over a stand-in API whose commands are their
 * text, running `game`; close it after.
 */
export async function withRuntime(
  game: string,
  body: (vm: LuaVm) => void | Promise<void>,
  maxInstructions = 200_000,
): Promise<void> {
  const vm = await vmWith(game, maxInstructions);
  try {
    await body(vm);
  } finally {
    vm.close();
  }
}

/** A callback's commands as text, or `ERROR <message>`. */
export function text(r: CallbackResult | undefined): string {
  assert(r, "missing result");
  return r.ok ? new TextDecoder().decode(r.commands) : `ERROR ${r.error}`;
}

/** A snapshot with nothing in it. */
export const EMPTY_SNAPSHOT: SnapshotData = {
  scalars: {},
  integers: {},
  strings: {},
  flags: [],
  entities: {},
  groups: {},
  assets: {},
  cvars: {},
  input: {},
};

/** Run one batch of `callbacks` (frame 5, dt 0.5, `up` pressed) and decode its results. */
export function run(vm: LuaVm, callbacks: CallbackRequest[], extra: { snapshot?: boolean } = {}) {
  const bytes = encodeBatch({
    frame: 5,
    dt: 0.5,
    input: { digital: { up: { pressed: true } } },
    snapshot: extra.snapshot ? { ...EMPTY_SNAPSHOT, integers: { score: 7 } } : undefined,
    callbacks,
  });
  return decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
}

/**
 * Run `callbacks` as one batch (frame 1, dt 0.5) with `snapshot` in a fresh VM holding the runtime
 * over the engine's own API and `game` as its `main.lua`; the VM is closed after.
 */
export async function engineBatch(
  game: string,
  snapshot: SnapshotData,
  callbacks: CallbackRequest[],
  maxInstructions = 1_000_000,
): Promise<CallbackResult[]> {
  const vm = await LuaVm.create({ maxInstructions });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(game, "main.lua");
    vm.freezeGlobals();
    const bytes = encodeBatch({ frame: 1, dt: 0.5, snapshot, callbacks });
    return decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
  } finally {
    vm.close();
  }
}

/** The random seed of every test callback. */
export const seed = [1, 2] as const;

/**
 * An entity context with every field set (the largest layout), with `overrides` on top.
 *
 * @example
 * ```ts
 * import { everyFieldContext } from "./runtime_test_helpers.ts";
 * everyFieldContext({ id: 4 }).group; // "brick"
 * ```
 */
export function everyFieldContext(overrides: Partial<EntityContextData> = {}): EntityContextData {
  return {
    id: 7,
    group: "brick",
    pos: [1, 2],
    vel: [3, 4],
    frozen: true,
    rotation: 5,
    scale: [1, 1],
    rect: { x: 0, y: 0, w: 8, h: 9 },
    phase: { name: "idle", time: 0.5, previous: "init" },
    timer: { duration: 1, elapsed: 0, callback: "show" },
    signals: {
      scalars: { s: 1.5 },
      integers: { points: 25, hp: 2 },
      strings: { k: "v" },
      flags: ["b", "a"],
    },
    sprite: { texture: "brick.png", flipH: false, flipV: true },
    animation: { key: "walk", frame: 3, elapsed: 0.1 },
    ...overrides,
  };
}
