/**
 * The natives of a Lua VM: the JS functions engine code reaches as `priv.*`
 * (and the sandbox through them): the batch runner's protected call and its
 * counted form, budget and memory bookkeeping, `pcall`/`xpcall` that a spent
 * budget cannot be caught by, logging, `require`'s file reads, streamed reply
 * parts, hints. See `LuaVm.loadPrivileged` for what each is for.
 *
 * @module
 */
import type { CallbackCosts } from "./callback_costs.ts";
import type { CountHook } from "./count_hook.ts";
import type { ErrorCapture } from "./error_capture.ts";
import type { GamePositions } from "./game_position.ts";
import { type Limits, raiseWithWhere } from "./limits.ts";
import { nameHint } from "./hint_messages.ts";
import {
  LUA_ERRERR,
  LUA_ERRMEM,
  LUA_MULTRET,
  LUA_OK,
  LUA_TNUMBER,
  LUA_TSTRING,
} from "./raw_api.ts";
import { isLuaUnwind, type LuaStatePtr, type RawHelpers, type RawLuaModule } from "./raw_api.ts";
import type { StringNatives } from "./string_natives.ts";

/**
 * A native: reads its arguments from `L`'s stack, pushes its results, returns their count.
 *
 * @example
 * ```ts
 * import type { Native } from "./vm_natives.ts";
 * const nothing: Native = () => 0;
 * ```
 */
export type Native = (L: LuaStatePtr) => number;

/**
 * What the natives reach of the VM that owns them.
 *
 * @example
 * ```ts
 * import type { NativeHost } from "./vm_natives.ts";
 * function mainThread(host: NativeHost): number {
 *   return host.L;
 * }
 * ```
 */
export interface NativeHost {
  /** The Lua module. */
  readonly m: RawLuaModule;
  /** Its helpers. */
  readonly h: RawHelpers;
  /** The VM's budget and memory cap. */
  readonly limits: Limits;
  /** What the callbacks of a profiled batch cost. */
  readonly costs: CallbackCosts;
  /** The main thread. */
  readonly L: LuaStatePtr;
  /** The main thread's count hook. */
  readonly hook: CountHook;
  /** The game's positions on the stack. */
  readonly positions: GamePositions;
  /** The VM's error side (the memory cap's message). */
  readonly errors: ErrorCapture;
  /** What a registered function streamed out with `priv.out` during one call, by section. */
  readonly streamed: [Uint8Array[], Uint8Array[]];
  /** The game file at `path`, for `require`. */
  file(path: string): string | undefined;
  /** Where `print` and `warn` go. */
  log(level: "info" | "warn" | "error", message: string): void;
}

/**
 * Wrap a JS native so JS exceptions become Lua errors instead of tearing through wasm frames.
 *
 * @example
 * ```ts
 * import { wrapNative } from "./vm_natives.ts";
 * import type { RawHelpers, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, h: RawHelpers;
 * const fails = wrapNative(m, h, () => {
 *   throw new Error("out: section must be 0 or 1");
 * });
 * ```
 */
export function wrapNative(m: RawLuaModule, h: RawHelpers, fn: Native): (L: number) => number {
  return (L: number) => raisingJsErrors(m, h, L, () => fn(L));
}

/**
 * `body()`, with a JavaScript exception it throws turned into a Lua error raised in `L` (a JS
 * exception must not cross Lua's frames: it would leave the state broken).
 *
 * @example
 * ```ts
 * import { raisingJsErrors } from "./vm_natives.ts";
 * import type { RawHelpers, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, h: RawHelpers, L: number;
 * raisingJsErrors(m, h, L, () => 0);
 * ```
 */
export function raisingJsErrors<T>(m: RawLuaModule, h: RawHelpers, L: number, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (isLuaUnwind(e)) throw e; // a Lua error already in flight
    return raiseWithWhere(m, h, L, 0, e instanceof Error ? e.message : String(e));
  }
}

/**
 * After a protected call with status `st` (its error on top of `l`'s stack when it failed): a
 * memory or limit failure gets the limit's message, and a spent budget is cleared so that the
 * privileged caller can carry on. The C protected call (`priv.call`) calls it when its call fails.
 *
 * @example
 * ```ts
 * import { type NativeHost, protectedCallFailed } from "./vm_natives.ts";
 * declare const host: NativeHost;
 * protectedCallFailed(host, host.L, 0); // LUA_OK: nothing to do
 * ```
 */
export function protectedCallFailed(host: NativeHost, l: LuaStatePtr, st: number): void {
  const { m, h, limits } = host;
  if (st === LUA_OK) return;
  if (st === LUA_ERRMEM && limits.memoryHit) {
    m._lua_settop(l, -2);
    h.pushString(l, host.errors.memoryMessage());
  } else if (st === LUA_ERRERR && limits.exceeded) {
    m._lua_settop(l, -2);
    h.pushString(l, limits.limitMessage());
  }
  if (limits.exceeded) limits.forgive();
}

/**
 * The natives of one VM by name, the metered pattern functions (`strings`) among them.
 *
 * @example
 * ```ts
 * import { vmNatives, type NativeHost } from "./vm_natives.ts";
 * import type { StringNatives } from "./string_natives.ts";
 * declare const host: NativeHost, strings: StringNatives;
 * Object.keys(vmNatives(host, strings)).includes("call"); // true
 * ```
 */
export function vmNatives(host: NativeHost, strings: StringNatives): Record<string, Native> {
  const { m, h, limits, costs, L, hook } = host;
  const tighten = (l: LuaStatePtr) => limits.tighten(l);
  const str = (l: LuaStatePtr, i: number) =>
    m._lua_type(l, i) === LUA_TSTRING ? h.readString(l, i) : undefined;
  const num = (l: LuaStatePtr, i: number) =>
    m._lua_type(l, i) === LUA_TNUMBER ? m._lua_tonumberx(l, i, 0) : undefined;
  /** `charge(n)`: add n instructions to the budget; raise the limit error once it is spent. */
  const charge = (l: LuaStatePtr) => {
    limits.used += num(l, 1) ?? 0;
    if (limits.exceeded) {
      tighten(l);
      limits.raise(m, h, l, 1);
    }
    return 0;
  };
  const afterProtected = (l: LuaStatePtr, st: number) => protectedCallFailed(host, l, st);
  const born = performance.now();
  const callback = (l: LuaStatePtr, counted: CallbackCosts | undefined): number => {
    const n = m._lua_gettop(l);
    if (n < 2) throw new Error("bad argument #2 to 'call' (value expected)");
    if (limits.stopped) {
      // Fail the rest of the batch at once: the worker is being replaced. (The C protected call
      // comes here once in a while to find out, and from then on for every call.)
      limits.stopSeen = true;
      counted?.countFailure();
      m._lua_settop(l, 0);
      h.pushString(l, limits.stopMessage());
      m._lua_pushboolean(l, 1);
      return 2;
    }
    limits.reset();
    const unhooked = hook.unhooked && l === L;
    if (unhooked) hook.set(l, true);
    const from = counted?.sinceHook(l) ?? 0;
    const st = m._lua_pcallk(l, n - 2, 1, 1, 0, 0);
    // Before the hook is turned off again: that clears the state's hook counter.
    counted?.count(l, from, limits.used, st !== LUA_OK);
    if (unhooked) hook.set(l, false);
    if (st !== LUA_OK) afterProtected(l, st); // reads the budget state: before the reset
    limits.forgive();
    if (st === LUA_OK) return 1;
    m._lua_pushboolean(l, 1);
    return 2;
  };
  return {
    find: strings.find,
    match: strings.match,
    gmatch: strings.gmatch,
    gsub: strings.gsub,
    log: (l) => {
      const level = str(l, 1);
      const msg = str(l, 2) ?? "";
      host.log(level === "warn" || level === "error" ? level : "info", msg);
      return 0;
    },
    read_file: (l) => {
      const path = str(l, 1);
      const src = path === undefined ? undefined : host.file(path);
      if (src === undefined) m._lua_pushnil(l);
      else h.pushString(l, src);
      return 1;
    },
    charge,
    // os.clock: seconds since the state was made, in whole milliseconds (a finer clock would be a
    // timer for untrusted code).
    clock: (l) => {
      m._lua_pushnumber(l, Math.floor(performance.now() - born) / 1000);
      return 1;
    },
    // caught(cost): game code caught an error (pcall, xpcall, coroutine.resume). A memory
    // error it caught no longer fails the call; unwinding is charged like `charge`.
    caught: (l) => {
      limits.memoryHit = false;
      return charge(l);
    },
    // Whether the running call is failing for the memory cap (see Limits.memoryHit).
    memory_hit: (l) => {
      m._lua_pushboolean(l, limits.memoryHit ? 1 : 0);
      return 1;
    },
    // out(section, bytes): hand part of a callBinary reply to JS now instead
    // of holding it in Lua memory (see callBinary).
    out: (l) => {
      const section = num(l, 1);
      if (section !== 0 && section !== 1) throw new Error("out: section must be 0 or 1");
      if (m._lua_type(l, 2) !== LUA_TSTRING) throw new Error("out: bytes must be a string");
      host.streamed[section].push(h.readBytes(l, 2));
      return 0;
    },
    // hint(kind, name, names): the sentence for a name that is not among `names` (one per
    // line), as `check` words it; only called once a lookup has failed.
    hint: (l) => {
      h.pushString(l, nameHint(str(l, 1) ?? "", str(l, 2) ?? "", (str(l, 3) ?? "").split("\n")));
      return 1;
    },
    // Where the game called into the engine, for errors raised deep in engine code.
    caller: (l) => {
      h.pushString(l, host.positions.caller(l));
      return 1;
    },
    exceeded: (l) => {
      m._lua_pushboolean(l, limits.exceeded ? 1 : 0);
      return 1;
    },
    reset_budget: () => {
      limits.reset();
      return 0;
    },
    // Under a count hook every Lua instruction takes the interpreter's slow
    // path (~35% of a batch's time in this wasm build), so the batch runner
    // runs its own bounded bookkeeping unhooked and `call` hooks each
    // callback. Game code never runs unhooked: coroutines inherit the hook
    // of the callback that created them, and the next top-level call re-arms it.
    unhook: (l) => {
      if (l === L) hook.set(l, false);
      return 0;
    },
    // `spawn(make, f)`: `make(f)` (coroutine.create or wrap) with the usual hook interval.
    spawn: (l) =>
      limits.aroundSpawn(l, () => {
        m._lua_callk(l, 1, 1, 0, 0);
        return 1;
      }),
    set_limits: (l) => {
      limits.set({ maxInstructions: num(l, 1), maxMemoryMb: num(l, 2) });
      return 0;
    },
    pcall: (l) => {
      const n = m._lua_gettop(l);
      if (n < 1) throw new Error("bad argument #1 to 'pcall' (value expected)");
      const st = m._lua_pcallk(l, n - 1, LUA_MULTRET, 0, 0, 0);
      afterProtected(l, st);
      m._lua_pushboolean(l, st === LUA_OK ? 1 : 0);
      m._lua_rotate(l, 1, 1); // the boolean goes below the results
      return m._lua_gettop(l);
    },
    // The batch runner's protected call, `call(call_handler, f, ...)`: a fresh budget, one
    // result, and the C message handler passed first (so a spent budget cannot fire inside it,
    // and no stack shuffling is needed). Returns the result, or the error text and true.
    // Afterwards the budget is cleared whatever happened, so the runner's own bookkeeping never
    // inherits a callback's spending. The sandbox installs the C version (tools/lua_wasm/
    // hot_path.c: no call out of wasm per callback), which comes here for bad arguments, once a
    // stop was seen, and every 64th call (to read the stop flag, which wasm cannot); its C
    // wrapper adds the callback's command bytes to what this returns (see command_sink.c).
    call: (l) => callback(l, undefined),
    // `call` for a profiled batch: also counts the callback's instructions and failure. The C
    // version counts the same way (hot_path.c) and comes here as `call` comes to the one above.
    counted_call: (l) => callback(l, costs),
    // prof_begin() before a run of a profiled batch, prof_end() after it: the run's
    // milliseconds, instructions and failed callbacks.
    prof_begin: () => {
      costs.begin();
      return 0;
    },
    prof_end: (l) => {
      m._lua_pushnumber(l, costs.end());
      m._lua_pushnumber(l, costs.instructions);
      m._lua_pushnumber(l, costs.errors);
      return 3;
    },
    xpcall: (l) => {
      const n = m._lua_gettop(l);
      if (n < 2) throw new Error("bad argument #2 to 'xpcall' (value expected)");
      // [f, h, args...] -> [h, f, args...]
      m._lua_pushvalue(l, 1);
      m._lua_copy(l, 2, 1);
      m._lua_copy(l, -1, 2);
      m._lua_settop(l, n);
      const st = m._lua_pcallk(l, n - 2, LUA_MULTRET, 1, 0, 0);
      afterProtected(l, st);
      m._lua_pushboolean(l, st === LUA_OK ? 1 : 0);
      m._lua_copy(l, -1, 1);
      m._lua_settop(l, -2);
      return m._lua_gettop(l);
    },
  };
}
