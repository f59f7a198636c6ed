/**
 * The engine's privileged Lua runtime: decodes batch requests into pooled
 * context tables (the game sees read-only views of them, so no callback can
 * leave anything for the next), runs each callback under its own instruction budget and
 * random seed, and returns each callback's commands (or its error) as one
 * binary string. The TypeScript half is `batch_codec.ts`.
 *
 * Why it is shaped the way it is (measured in this wasm build, where a C
 * library call costs 0.2-1 us, a table allocation ~0.3 us and a Lua
 * instruction under the count hook 15-35 ns, 3-5x native): callbacks come in
 * runs of one kind and function, so the function is looked up once per run;
 * one protected call per callback (`priv.call`, which also resets the
 * budget); one `string.unpack` per entity callback (index, seed and every
 * fixed context field) through a decoder generated per field mask; pooled
 * tables cleared by the keys they were given instead of `next` loops;
 * `math.randomseed` only when the callback touches `math.random`; commands
 * queued as pack formats and values and packed a few thousand values at a
 * time instead of one `string.pack` per command.
 *
 * The Lua is `batch_runtime.lua` and the parts after it (see
 * {@linkcode BATCH_RUNTIME_PARTS}; embedded by `deno task embed-lua`). The
 * numbers both halves of the protocol agree on (callback kinds, context field
 * bits, result statuses, the refusal count, the run-header limits, the
 * profiling flag and mark) are
 * declared in TypeScript and handed to it as a table when it loads; it reads
 * them into locals once.
 *
 * @module
 */
import { BATCH_CALLBACKS_LUA } from "./batch_callbacks_lua.ts";
import { BATCH_DECODE_LUA } from "./batch_decode_lua.ts";
import { BATCH_ENTRY_LUA } from "./batch_entry_lua.ts";
import { BATCH_GAME_ENV_LUA } from "./batch_game_env_lua.ts";
import { BATCH_PROFILE_LUA } from "./batch_profile_lua.ts";
import { BATCH_RUNTIME_LUA } from "./batch_runtime_lua.ts";
import { BATCH_SINK_LUA } from "./batch_sink_lua.ts";
import { CtxField, FULL_KEYS, MAX_RUN_KEYS } from "./batch_context.ts";
import { REFUSED_COUNT, ResultReads, ResultStatus } from "./batch_results.ts";
import { EACH_COST_FLAG, EACH_COST_MARK, PROFILE_FLAG, PROFILED_MARK } from "./batch_profile.ts";
import { COMPONENT_LAYOUT, MAX_COMPONENT_READS } from "./components_part.ts";
import { CallbackKind, HINT_LEVEL, HintCode, MAX_MIRRORED_WRITES } from "./batch_types.ts";
import {
  MAX_CALLBACK_COMMAND_BYTES,
  MAX_CALLBACK_LOG_LINES,
  MAX_CALLBACK_TEXT_BYTES,
} from "./limits.ts";
import { luaString } from "./lua_literal.ts";
import { TOP_LEVEL_CALL } from "./hint_messages.ts";
import { TAGGED_VALUE_LUA } from "./tagged_value.ts";

/** What the runtime needs from the API layer. */
export interface RuntimeLuaOptions {
  /**
   * Source of the API chunk: receives `rt` as `...` and either assigns its
   * modules into `rt.G` or returns a table of them (`{ engine = ..., cvar = ... }`).
   */
  apiSource: string;
  /**
   * The two words `math.random` is seeded with for the game's top level
   * (`main.lua` runs in every state; the same seed makes every state see the
   * same numbers). Default `[0, 0]`; callbacks get their own seeds.
   */
  loadSeed?: readonly [number, number];
}

/**
 * Name under which the batch entry point is registered for `callBinary`.
 *
 * @example
 * ```ts
 * import { BATCH_FUNCTION } from "./runtime_lua.ts";
 * import { encodeBatch } from "./batch_codec.ts";
 * import type { LuaVm } from "./vm.ts";
 * declare const vm: LuaVm; // with the runtime loaded
 * const results = vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 1 / 60, callbacks: [] }));
 * ```
 */
export const BATCH_FUNCTION = "__mg_batch";

/**
 * Name under which the runtime registers, for `callBinary`, what each of the game's global
 * functions can read of an entity context: one line `name<TAB>fields` per function (fields as
 * `CtxField` bits; every field for a function that may read more than `ctx.k` fields), sorted.
 *
 * @example
 * ```ts
 * import { CONTEXT_FIELDS_FUNCTION } from "./runtime_lua.ts";
 * import type { LuaVm } from "./vm.ts";
 * declare const vm: LuaVm; // with the runtime and a game loaded
 * const lines = new TextDecoder().decode(vm.callBinary(CONTEXT_FIELDS_FUNCTION, new Uint8Array(0)));
 * ```
 */
export const CONTEXT_FIELDS_FUNCTION = "__mg_context_fields";

/**
 * The context fields by function of `text`, lines `name<TAB>fields` (see
 * `CONTEXT_FIELDS_FUNCTION`); a line that is not one is left out (its function then gets every
 * field).
 *
 * @example
 * ```ts
 * import { parseFieldsRead } from "./runtime_lua.ts";
 * parseFieldsRead("go\t2048\nbad line").get("go"); // 2048
 * ```
 */
export function parseFieldsRead(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([^\t]+)\t(\d{1,15})$/.exec(line);
    if (m !== null) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * The files of the batch runtime in the order they run, each using the locals of those before
 * it: the head (varargs, protocol numbers, `rt`), the command sink, what game code sees (logs,
 * `print`, `math.random`, the API modules), decoding contexts, running callbacks and booking
 * their results, profiling, and the batch entry point.
 *
 * @example
 * ```ts
 * import { BATCH_RUNTIME_PARTS } from "./runtime_lua.ts";
 * BATCH_RUNTIME_PARTS.length; // 7
 * ```
 */
export const BATCH_RUNTIME_PARTS: readonly string[] = [
  BATCH_RUNTIME_LUA,
  BATCH_SINK_LUA,
  BATCH_GAME_ENV_LUA,
  BATCH_DECODE_LUA,
  BATCH_CALLBACKS_LUA,
  BATCH_PROFILE_LUA,
  BATCH_ENTRY_LUA,
];

/** A value of the table the runtime reads its protocol numbers from. */
type LuaConstant =
  | number
  | string
  | readonly LuaConstant[]
  | { readonly [name: string]: LuaConstant };

/** The protocol's numbers as `batch_runtime.lua` reads them (its `proto` vararg). */
const PROTOCOL = {
  batch_function: BATCH_FUNCTION,
  context_fields_function: CONTEXT_FIELDS_FUNCTION,
  output: {
    command_bytes: MAX_CALLBACK_COMMAND_BYTES,
    text_bytes: MAX_CALLBACK_TEXT_BYTES,
    log_lines: MAX_CALLBACK_LOG_LINES,
  },
  kind: CallbackKind,
  field: CtxField,
  status: ResultStatus,
  refused_count: REFUSED_COUNT,
  full_keys: FULL_KEYS,
  max_run_keys: MAX_RUN_KEYS,
  max_mirrored_writes: MAX_MIRRORED_WRITES,
  reads: ResultReads,
  component: {
    layout: COMPONENT_LAYOUT.map(({ name, fields, text }) => ({ name, fields, text })),
    max_safe: Number.MAX_SAFE_INTEGER,
    max_reads: MAX_COMPONENT_READS,
  },
  // The warning for a command queued by the game's top level (it runs before any callback).
  top_level_call: TOP_LEVEL_CALL,
  hint: { level: HINT_LEVEL, unbuilt_builder: HintCode.UnbuiltBuilder },
  profile_flag: PROFILE_FLAG,
  each_cost_flag: EACH_COST_FLAG,
  each_cost_mark: EACH_COST_MARK,
  profiled_mark: PROFILED_MARK,
} as const;

/** `value` as a Lua constructor; numbers must be integers, so Lua reads them as integers. */
function luaConstant(value: LuaConstant): string {
  if (typeof value === "string") return luaString(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer constant: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `{ ${value.map(luaConstant).join(", ")} }`;
  const fields = Object.entries(value).map(([k, v]) => `${k} = ${luaConstant(v)}`);
  return `{ ${fields.join(", ")} }`;
}

/**
 * Build the runtime chunk's source. It expects the VM's `priv` object as its
 * first vararg (`call`, `traceback`, `register`, `load`, `G`); load it with
 * `loadPrivileged` as one chunk.
 *
 * @example
 * ```ts
 * import { runtimeLuaSource } from "./runtime_lua.ts";
 * const src = runtimeLuaSource({
 *   apiSource: "local rt = ...; rt.G.engine = {}",
 * });
 * ```
 */
export function runtimeLuaSource(options: RuntimeLuaOptions): string {
  const [seedA, seedB] = options.loadSeed ?? [0, 0];
  const proto = luaConstant({ ...PROTOCOL, load_seed_a: seedA >>> 0, load_seed_b: seedB >>> 0 });
  return [
    // The parts as one function of its varargs (they share its locals), opened on the first
    // line so that a position in the chunk up to the end of batch_runtime.lua is the same
    // position in that file.
    `(function(...) ${BATCH_RUNTIME_PARTS.join("")}`,
    `end)(..., ${proto},`,
    // error and tostring taken at load, as the runtime's own locals are: game code may replace
    // the globals before they are frozen.
    "(function(error, tostring)",
    TAGGED_VALUE_LUA,
    "return read_value",
    "end)(error, tostring),",
    "function(...)",
    options.apiSource,
    "end)",
    "",
  ].join("\n");
}
