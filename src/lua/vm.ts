/**
 * The in-thread Lua VM: one sandboxed Lua 5.4 state (wasmoon) with an instruction budget per call,
 * a memory cap, a binary fast path for engine calls, and engine-owned "privileged" chunks.
 *
 * Everything here is synchronous and runs in the calling thread (a Worker in production); a spin
 * in WASM cannot be interrupted from outside, so the limits are enforced inside the VM.
 *
 * @example
 * ```ts
 * import { LuaVm } from "./vm.ts";
 * const vm = await LuaVm.create({ files: new Map([["lib/util.lua", "return { two = 2 }"]]) });
 * console.log(vm.run("return require('lib.util').two + 1")); // ["3"]
 * vm.loadPrivileged("local priv = ... priv.register('echo', function(s) return s end)");
 * console.log(vm.callBinary("echo", new Uint8Array([0, 1, 255])));
 * vm.close();
 * ```
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { concatBytes } from "./bytes.ts";
import { CallbackCosts } from "./callback_costs.ts";
import { LuaRunError, LuaVmClosedError } from "./errors.ts";
import {
  HOOK_INTERVAL,
  Limits,
  type LimitValues,
  MAX_ERROR_MESSAGE_CHARS,
  raiseWithWhere,
} from "./limits.ts";
import {
  asRawModule,
  LUA_ERRERR,
  LUA_ERRMEM,
  LUA_ERRSYNTAX,
  LUA_MASKCOUNT,
  LUA_MULTRET,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_TBOOLEAN,
  LUA_TFUNCTION,
  LUA_TNIL,
  LUA_TNUMBER,
  LUA_TSTRING,
  type LuaStatePtr,
  RawHelpers,
  type RawLuaModule,
} from "./raw_api.ts";
import { LIBRARY_COSTS, REGISTRY_KEYS, SANDBOX_CHUNK_NAME, SANDBOX_PRELUDE } from "./sandbox.ts";
import { StringNatives } from "./string_natives.ts";
import { nameHint } from "./hint_messages.ts";
import { resolveGlueWasmPath } from "./wasmoon_path.ts";

export { LuaRunError, LuaVmClosedError } from "./errors.ts";

/**
 * Options of {@link LuaVm.create}.
 *
 * @example
 * ```ts
 * import type { LuaVmOptions } from "./vm.ts";
 * const opts: LuaVmOptions = { maxInstructions: 1_000_000, onLog: (l, m) => console.log(l, m) };
 * ```
 */
export interface LuaVmOptions {
  /** Game folder files by relative path ("main.lua", "lib/util.lua"), the only sources of `require`. */
  files?: ReadonlyMap<string, string>;
  /** Instruction budget per call, default 10,000,000. */
  maxInstructions?: number;
  /** Memory cap of the state in MiB, default 64. */
  maxMemoryMb?: number;
  /** Target of `print` (info) and `warn` (warn); default: the console. */
  onLog?: (level: "info" | "warn" | "error", message: string) => void;
  /**
   * A flag another thread may set (first element non-zero, usually over a SharedArrayBuffer) to
   * stop this VM for good: the running call fails at its next count hook and every later call
   * fails at once, with a `"stopped"` {@link LuaRunError}.
   */
  stop?: Int32Array;
  /**
   * Wall time in ms per thousand instructions beyond which the count hook runs on every
   * instruction (so that a stop is seen soon even when single instructions are slow); default
   * `SLOW_HOOK_MS` (20). 0 keeps it on every instruction, which only tests want.
   */
  slowHookMs?: number;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** One wasm instance per glue path and thread; states of one worker share it. */
const modules = new Map<string, Promise<RawLuaModule>>();

function loadModule(): Promise<RawLuaModule> {
  const path = resolveGlueWasmPath();
  let p = modules.get(path);
  if (!p) {
    p = withLuaExports(() => new LuaFactory(path).getLuaModule()).then(([lua, exports]) =>
      asRawModule(lua.module, exports)
    );
    modules.set(path, p);
    p.catch(() => modules.delete(path));
  }
  return p;
}

/**
 * Run `load` (wasmoon's module loading) and catch the exports of the Lua wasm instance it
 * creates. wasmoon reaches them through a wrapper per call that checks the runtime and uses
 * `apply` (about half the cost of a short C API call from JS); the exports themselves are
 * called directly. Undefined when the instance could not be seen (then the wrappers are used).
 */
async function withLuaExports<T>(
  load: () => Promise<T>,
): Promise<[T, WebAssembly.Exports | undefined]> {
  const original = WebAssembly.instantiate;
  let exports: WebAssembly.Exports | undefined;
  const spy = async (...args: unknown[]) => {
    const result = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
    const instance = result instanceof WebAssembly.Instance
      ? result
      : (result as { instance?: WebAssembly.Instance }).instance;
    if (!exports && instance && "lua_gettop" in instance.exports) exports = instance.exports;
    return result;
  };
  WebAssembly.instantiate = spy as typeof WebAssembly.instantiate;
  try {
    return [await load(), exports];
  } finally {
    WebAssembly.instantiate = original;
  }
}

function defaultLog(level: "info" | "warn" | "error", message: string): void {
  if (level === "error") console.error(message);
  else if (level === "warn") console.warn(message);
  else console.log(message);
}

type Native = (L: LuaStatePtr) => number;

/** A reply streamed in parts: section 0, then section 1, then the returned string. */
function joinStreamed(streamed: [Uint8Array[], Uint8Array[]], last: Uint8Array): Uint8Array {
  const parts = [...streamed[0], ...streamed[1], last];
  streamed[0].length = streamed[1].length = 0;
  return concatBytes(parts);
}

/** The NUL-terminated string at `at` in `heap`, reading at most `max` bytes. */
function cString(heap: Uint8Array, at: number, max: number): string {
  const bytes = heap.subarray(at, at + max);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

const constructToken = Symbol("LuaVm.create");
const ENGINE_WHERE_RE = /^[^\n]*?:\d+: /;
// lua_Debug in this wasm32 build of Lua 5.4: int event; 4 pointers; size_t srclen;
// int currentline (24), linedefined, lastlinedefined; 4 chars; 2 shorts;
// char short_src[LUA_IDSIZE] (44); CallInfo *i_ci.
const LUA_IDSIZE = 60;
const DEBUG_NAME = 4;
const DEBUG_CURRENTLINE = 24;
const DEBUG_SHORT_SRC = 44;
const LUA_DEBUG_BYTES = DEBUG_SHORT_SRC + LUA_IDSIZE + 8;
const SANDBOX_WHERE_RE = new RegExp(
  `^(${SANDBOX_CHUNK_NAME.slice(1).replace(/[[\]]/g, "\\$&")}:)\\d+: `,
);

/**
 * Run `fn` with `Date.now` pinned to 0. Lua seeds its string hashing from
 * `time(NULL)` (here `Date.now`) and the state's addresses when a state is
 * created; with the clock pinned, a state's seed, and so the order `pairs`
 * visits string keys, depends only on where the state sits in its worker's
 * memory: the same in every run, and the same for slot k of every worker.
 */
function atFixedClock<T>(fn: () => T): T {
  const now = Date.now;
  Date.now = () => 0;
  try {
    return fn();
  } finally {
    Date.now = now;
  }
}

/**
 * A sandboxed Lua state. Create with {@link LuaVm.create}; not safe for re-entrant use (a log
 * callback must not call back into the same VM).
 *
 * @example
 * ```ts
 * import { LuaRunError, LuaVm } from "./vm.ts";
 * const vm = await LuaVm.create({ maxInstructions: 100_000 });
 * try {
 *   vm.run("while true do end", "spin.lua");
 * } catch (e) {
 *   if (e instanceof LuaRunError) console.log(e.message); // spin.lua:1: instruction budget exceeded (100000)
 * }
 * console.log(vm.run("return 1 + 1")); // ["2"]
 * vm.close();
 * ```
 */
export class LuaVm {
  readonly #m: RawLuaModule;
  readonly #h: RawHelpers;
  readonly #limits: Limits;
  #files: ReadonlyMap<string, string>;
  /** The files of a prepared reload, `require`'s once it is committed. */
  #pendingFiles: ReadonlyMap<string, string> | undefined;
  readonly #onLog: (level: "info" | "warn" | "error", message: string) => void;
  readonly #fnPtrs: number[] = [];
  readonly #L: LuaStatePtr;
  readonly #hookPtr: number;
  /** Whether privileged code turned the count hook off for its own (trusted) instructions. */
  #unhooked = false;
  readonly #msghPtr: number;
  readonly #cbMsghPtr: number;
  #closed = false;
  #broken: string | undefined;
  #busy = false;
  #errMessage: string | undefined;
  #errTraceback = "";
  readonly #fnKeys = new Map<string, number>();
  /** `"name:"` of each privileged chunk: positions in engine code mean nothing to a game. */
  readonly #engineWhere: string[] = [];
  /** What a registered function streamed out with `priv.out` during one `callBinary`, by section. */
  readonly #streamed: [Uint8Array[], Uint8Array[]] = [[], []];
  /** A `lua_Debug` for reading the stack where no Lua value may be made (in the allocator). */
  readonly #debugPtr: number;
  /** `"file:line: "` of the game code running when the allocator last refused a block. */
  #memoryWhere = "";
  /** The metered pattern functions (`string.find` ...), once the sandbox is installed. */
  #strings: StringNatives | undefined;
  /** What the callbacks of a profiled batch cost (`priv.counted_call`, `prof_begin`, `prof_end`). */
  readonly #costs: CallbackCosts;

  /**
   * Create a VM: load wasmoon (once per thread), open a capped state and install the sandbox.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create({ maxMemoryMb: 32 });
   * vm.close();
   * ```
   */
  static async create(options: LuaVmOptions = {}): Promise<LuaVm> {
    const m = await loadModule();
    return new LuaVm(constructToken, m, options);
  }

  /** Use {@link LuaVm.create}. */
  constructor(token: symbol, m: RawLuaModule, options: LuaVmOptions) {
    if (token !== constructToken) throw new TypeError("Use LuaVm.create() to make a LuaVm");
    this.#m = m;
    this.#h = new RawHelpers(m);
    this.#limits = new Limits({
      maxInstructions: options.maxInstructions,
      maxMemoryMb: options.maxMemoryMb,
    }, { stop: options.stop, slowHookMs: options.slowHookMs });
    this.#files = options.files ?? new Map();
    this.#onLog = options.onLog ?? defaultLog;

    this.#debugPtr = m._malloc(LUA_DEBUG_BYTES);
    this.#h.cstr("Sl"); // made now: the allocator must not allocate
    this.#limits.onRefuse = () => this.#memoryWhere = this.#gameFrameWhere();
    const allocPtr = this.#addFunction(this.#limits.createAllocator(m), "iiiii");
    const L = atFixedClock(() => m._lua_newstate(allocPtr, 0));
    if (!L) {
      this.#release();
      throw new RangeError("lua_newstate failed (out of wasm memory)");
    }
    this.#L = L;
    let hookPtr = 0;
    hookPtr = this.#addFunction(this.#limits.createHook(m, this.#h, () => hookPtr), "vii");
    this.#hookPtr = hookPtr;
    this.#costs = new CallbackCosts(m, L, (n) => m._lua_sethook(L, hookPtr, LUA_MASKCOUNT, n));
    m._lua_sethook(L, 0, 0, 0);
    this.#msghPtr = this.#addFunction((l: number) => this.#messageHandler(l), "ii");
    this.#cbMsghPtr = this.#addFunction((l: number) => this.#callbackMessageHandler(l), "ii");
    // A panic means an error outside any pcall; the state is unusable afterwards.
    const panicPtr = this.#addFunction((l: number) => {
      this.#broken = `Lua panic: ${this.#h.readString(l, -1)}`;
      throw new LuaVmClosedError(this.#broken);
    }, "ii");
    m._lua_atpanic(L, panicPtr);
    m._luaL_openlibs(L);
    try {
      this.#installSandbox();
    } catch (e) {
      this.close();
      throw e;
    }
    this.#hook(L, true);
  }

  /**
   * Run a text chunk under the budget in the sandbox; returns its results converted with
   * `tostring`.
   *
   * @throws {LuaRunError} on a syntax or runtime error, or when a limit is exceeded.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * console.log(vm.run("return 1, 'a', nil", "demo.lua")); // ["1", "a", "nil"]
   * vm.close();
   * ```
   */
  run(source: string, chunkName = "chunk"): string[] {
    return this.#enter(() => {
      const m = this.#m, L = this.#L, h = this.#h;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, this.#msghPtr, 0);
      this.#load(source, `@${chunkName}`);
      let st = this.#pcall(0, LUA_MULTRET, 1);
      if (st !== LUA_OK) throw this.#takeError(st);
      let top = m._lua_gettop(L);
      let plain = true;
      for (let i = 2; i <= top && plain; i++) plain = m._lua_type(L, i) === LUA_TSTRING;
      if (!plain) {
        // tostring may run __tostring (game code): convert inside a second protected call.
        m._lua_getfield(L, LUA_REGISTRYINDEX, h.cstr(REGISTRY_KEYS.tostringAll));
        m._lua_rotate(L, 2, 1);
        st = this.#pcall(top - 1, LUA_MULTRET, 1);
        if (st !== LUA_OK) throw this.#takeError(st);
        top = m._lua_gettop(L);
      }
      const out: string[] = [];
      for (let i = 2; i <= top; i++) out.push(h.readString(L, i));
      m._lua_settop(L, 0);
      return out;
    });
  }

  /**
   * Run engine-owned code outside the sandbox: the chunk receives `priv` as its first vararg
   * (`local priv = ...`). `priv` offers `reset_budget`, `traceback`, `pcall`/`xpcall` (which can
   * catch budget errors and then let the caller continue), `call(call_handler, f, ...)` (a
   * callback's protected call under its own budget: its result, or the error and true),
   * `counted_call`, `prof_begin` and `prof_end` (the same call counting what each callback costs,
   * and the cost of a run of them: see callback_costs.ts),
   * `unhook` (no count hook until the current top-level call returns, except inside `call`: for
   * trusted, bounded code only), `register(name, fn)`, `memory_hit()` (whether the last
   * `call` failed for the memory cap), `set_limits`, `G` (the sandbox globals), raw helpers for frozen tables and
   * `view(store, what)` / `set_view_store(view, store)` (read-only views handed to game code),
   * `lib`: `string.pack`, `string.unpack`, `table.concat` and `table.unpack` (as `tunpack`) without
   * the charges the sandbox adds for game code, for data the engine produced itself.
   * Engine code should capture library functions in locals at load time, before game code runs.
   *
   * @throws {LuaRunError} when the chunk fails.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.loadPrivileged("local priv = ... priv.G.engine = { version = 1 }", "engine.lua");
   * console.log(vm.run("return engine.version")); // ["1"]
   * vm.close();
   * ```
   */
  loadPrivileged(source: string, chunkName = "engine"): void {
    this.#enter(() => {
      const m = this.#m, L = this.#L;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, this.#msghPtr, 0);
      this.#load(source, `@${chunkName}`);
      this.#engineWhere.push(`${chunkName}:`);
      m._lua_getfield(L, LUA_REGISTRYINDEX, this.#h.cstr(REGISTRY_KEYS.priv));
      const st = this.#pcall(1, 0, 1);
      if (st !== LUA_OK) throw this.#takeError(st);
      m._lua_settop(L, 0);
    });
  }

  /**
   * The hot path: call the function registered with `priv.register(name, fn)` (or else the global
   * `name`) with one Lua string holding `input`, and return its first result (a string; `nil`
   * gives an empty array) as bytes. Uses the raw C API only: one copy in, one copy out.
   * A function whose reply would hold much of the state's memory cap may hand parts of it over
   * as it goes with `priv.out(section, bytes)`: the reply is then every section 0 part, every
   * section 1 part, then the returned string (a new buffer, also for `callBinaryView`).
   *
   * @throws {LuaRunError} when the function is missing, fails, exceeds a limit or returns a non-string.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.loadPrivileged("local priv = ... priv.register('rev', function(s) return s:reverse() end)");
   * console.log(vm.callBinary("rev", new Uint8Array([1, 2, 3]))); // Uint8Array [3, 2, 1]
   * vm.close();
   * ```
   */
  callBinary(name: string, input: Uint8Array): Uint8Array {
    return this.#callBinary(name, input, true);
  }

  /**
   * Like {@link LuaVm.callBinary} but returns a view into wasm memory instead of a copy, saving
   * the allocation of a new buffer (~0.3 us). The view is valid only until the next call into
   * this VM (or any VM of the same thread); copy what you keep.
   *
   * @throws {LuaRunError} as `callBinary`.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.loadPrivileged("local priv = ... priv.register('echo', function(s) return s end)");
   * const view = vm.callBinaryView("echo", new Uint8Array([7]));
   * const kept = view.slice();
   * vm.close();
   * ```
   */
  callBinaryView(name: string, input: Uint8Array): Uint8Array {
    return this.#callBinary(name, input, false);
  }

  #callBinary(name: string, input: Uint8Array, copy: boolean): Uint8Array {
    return this.#enter(() => {
      const m = this.#m, L = this.#L, h = this.#h;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, this.#msghPtr, 0);
      let key = this.#fnKeys.get(name);
      if (key === undefined) {
        key = h.cstr(REGISTRY_KEYS.fnPrefix + name);
        this.#fnKeys.set(name, key);
      }
      if (m._lua_getfield(L, LUA_REGISTRYINDEX, key) !== LUA_TFUNCTION) {
        m._lua_settop(L, 1);
        if (m._lua_getglobal(L, h.cstr(name)) !== LUA_TFUNCTION) {
          m._lua_settop(L, 0);
          throw new LuaRunError(`Lua function '${name}' is neither registered nor global`, "");
        }
      }
      h.pushBytes(L, input);
      const streamed = this.#streamed;
      streamed[0].length = streamed[1].length = 0;
      const st = this.#pcall(1, 1, 1);
      if (st !== LUA_OK) {
        streamed[0].length = streamed[1].length = 0;
        throw this.#takeError(st);
      }
      const t = m._lua_type(L, -1);
      let out: Uint8Array;
      if (t === LUA_TSTRING) out = copy ? h.readBytes(L, -1) : h.viewBytes(L, -1);
      else if (t === LUA_TNIL) out = EMPTY;
      else {
        m._lua_settop(L, 0);
        throw new LuaRunError(
          `Lua function '${name}' returned a ${h.typeName(t)} value, expected a string`,
          "",
        );
      }
      // For a view the string stays on the stack (so it is not collected) until the next call.
      if (copy) m._lua_settop(L, 0);
      if (streamed[0].length + streamed[1].length > 0) out = joinStreamed(streamed, out);
      return out;
    });
  }

  /**
   * Freeze the global environment: after this, assigning any global (new or existing) or any
   * field of a table reachable from the globals (standard libraries, `engine`, loaded modules) is
   * a Lua error naming the key. Call once the game scripts have loaded. Idempotent.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.run("score = 0");
   * vm.freezeGlobals();
   * try { vm.run("score = 1"); } catch (e) { console.log((e as Error).message); }
   * vm.close();
   * ```
   */
  freezeGlobals(): void {
    this.#enter(() => {
      const m = this.#m, L = this.#L;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, this.#msghPtr, 0);
      m._lua_getfield(L, LUA_REGISTRYINDEX, this.#h.cstr(REGISTRY_KEYS.freeze));
      const st = this.#pcall(0, 0, 1);
      if (st !== LUA_OK) throw this.#takeError(st);
      m._lua_settop(L, 0);
    });
  }

  /**
   * Prepare a reload of the game's scripts that keeps this state: run `source` as the game's new
   * top level in a fresh set of globals (those engine code left when it called
   * `priv.mark_baseline`) and module cache, with `require` reading `files`, while the running
   * globals stay in place. The new set is pending until {@link LuaVm.finishReload}; callbacks
   * named by the engine then find the new functions. Call after {@link LuaVm.freezeGlobals}.
   *
   * @returns The names of the new globals' functions, sorted.
   * @throws {LuaRunError} when the new top level fails (a syntax error, an error it raises, a
   * limit): the running globals are untouched and nothing is pending.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.loadPrivileged("local priv = ... priv.mark_baseline()");
   * vm.run("function greet() return 'hi' end", "main.lua");
   * vm.freezeGlobals();
   * vm.prepareReload("function greet() return 'hello' end", "main.lua", new Map());
   * vm.finishReload(true);
   * console.log(vm.run("return greet()")); // ["hello"]
   * vm.close();
   * ```
   */
  prepareReload(source: string, chunkName: string, files: ReadonlyMap<string, string>): string[] {
    return this.#enter(() => {
      const m = this.#m, L = this.#L;
      this.#callRegistry(REGISTRY_KEYS.reloadOpen);
      const running = this.#files;
      this.#files = files;
      let failure: LuaRunError | undefined;
      try {
        m._lua_settop(L, 0);
        m._lua_pushcclosure(L, this.#msghPtr, 0);
        this.#load(source, `@${chunkName}`);
        const st = this.#pcall(0, 0, 1);
        if (st !== LUA_OK) throw this.#takeError(st);
      } catch (e) {
        if (!(e instanceof LuaRunError)) throw e;
        failure = e;
      } finally {
        this.#files = running;
      }
      // Closing puts the running globals back whatever happened.
      const names = this.#callRegistry(REGISTRY_KEYS.reloadClose, failure === undefined);
      if (failure) throw failure;
      this.#pendingFiles = files;
      return typeof names === "string" ? names.split("\n").filter((n) => n !== "").sort() : [];
    });
  }

  /**
   * Swap in (`commit`) or drop the globals a {@link LuaVm.prepareReload} left pending. Returns
   * whether one was pending.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * console.log(vm.finishReload(false)); // false
   * vm.close();
   * ```
   */
  finishReload(commit: boolean): boolean {
    return this.#enter(() => {
      const had = this.#callRegistry(REGISTRY_KEYS.reloadFinish, commit) === true;
      if (had && commit && this.#pendingFiles) this.#files = this.#pendingFiles;
      this.#pendingFiles = undefined;
      return had;
    });
  }

  /** Call the registry function `key` (with `arg`); its first result if a string or boolean. */
  #callRegistry(key: string, arg?: boolean): string | boolean | undefined {
    const m = this.#m, L = this.#L, h = this.#h;
    m._lua_settop(L, 0);
    m._lua_pushcclosure(L, this.#msghPtr, 0);
    m._lua_getfield(L, LUA_REGISTRYINDEX, h.cstr(key));
    if (arg !== undefined) m._lua_pushboolean(L, arg ? 1 : 0);
    const st = this.#pcall(arg === undefined ? 0 : 1, 1, 1);
    if (st !== LUA_OK) throw this.#takeError(st);
    const t = m._lua_type(L, -1);
    const out = t === LUA_TSTRING
      ? h.readString(L, -1)
      : t === LUA_TBOOLEAN
      ? m._lua_toboolean(L, -1) !== 0
      : undefined;
    m._lua_settop(L, 0);
    return out;
  }

  /**
   * Change the instruction budget per call and/or the memory cap (from the CVars
   * `lua_max_instructions` / `lua_max_memory_mb`); applies from the next call.
   *
   * @throws {RangeError} for a non-positive or non-finite value.
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.setLimits({ maxInstructions: 5_000_000, maxMemoryMb: 128 });
   * vm.close();
   * ```
   */
  setLimits(limits: LimitValues): void {
    this.#limits.set(limits);
  }

  /**
   * Bytes currently allocated by the Lua state.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * console.log(vm.memoryUsed > 0);
   * vm.close();
   * ```
   */
  get memoryUsed(): number {
    return this.#limits.memoryUsed;
  }

  /**
   * Close the state and free its wasm resources. Idempotent; later calls throw
   * {@link LuaVmClosedError}.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create();
   * vm.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#limits.capped = false;
    // A broken state may be inconsistent; leaking it is safer than walking it.
    if (this.#L && this.#broken === undefined) {
      try {
        this.#m._lua_close(this.#L);
      } catch {
        // Nothing more to free safely.
      }
    }
    this.#release();
  }

  #release(): void {
    this.#m._free(this.#debugPtr);
    this.#strings?.dispose();
    for (const p of this.#fnPtrs) this.#m.removeFunction(p);
    this.#fnPtrs.length = 0;
    this.#h.dispose();
  }

  #addFunction(fn: (...args: number[]) => number | void, sig: string): number {
    const p = this.#m.addFunction(fn, sig);
    this.#fnPtrs.push(p);
    return p;
  }

  /** Guard every public entry: closed / broken / re-entrant use, and JS exceptions out of wasm. */
  #enter<T>(body: () => T): T {
    if (this.#closed) throw new LuaVmClosedError();
    if (this.#broken !== undefined) throw new LuaVmClosedError(this.#broken);
    if (this.#busy) throw new Error("LuaVm is not re-entrant: a call is already running");
    if (this.#limits.stopped) throw new LuaRunError(this.#limits.stopMessage(), "", "stopped");
    this.#busy = true;
    try {
      return body();
    } catch (e) {
      if (e instanceof LuaRunError) throw e;
      // A trap or a JS exception that crossed wasm frames leaves the state inconsistent.
      this.#broken ??= `Lua VM broken by ${e instanceof Error ? e.message : String(e)}`;
      throw new LuaRunError(this.#broken, "", "panic");
    } finally {
      this.#busy = false;
      this.#limits.capped = false;
    }
  }

  /** Load `source` as a text chunk onto the stack; throws LuaRunError on a syntax error. */
  #load(source: string, chunkName: string): void {
    const m = this.#m, L = this.#L, h = this.#h;
    const bytes = encoder.encode(source);
    const nameBytes = encoder.encode(chunkName);
    const name = m._malloc(nameBytes.length + 1);
    m.HEAPU8.set(nameBytes, name);
    m.HEAPU8[name + nameBytes.length] = 0;
    const buf = h.stage(bytes);
    this.#limits.reset();
    this.#limits.capped = true;
    const st = m._luaL_loadbufferx(L, buf, bytes.length, name, h.cstr("t"));
    this.#limits.capped = false;
    m._free(name);
    if (st !== LUA_OK) throw this.#takeError(st);
  }

  /** `lua_pcall` under a fresh budget with the memory cap on. */
  #pcall(nargs: number, nresults: number, msgh: number): number {
    const limits = this.#limits;
    limits.reset();
    this.#errMessage = undefined;
    this.#errTraceback = "";
    limits.capped = true;
    try {
      return this.#m._lua_pcallk(this.#L, nargs, nresults, msgh, 0, 0);
    } finally {
      limits.capped = false;
      // A privileged batch may have turned the count hook off (priv.unhook).
      if (this.#unhooked) this.#hook(this.#L, true);
    }
  }

  /** Turn the main thread's count hook on (every HOOK_INTERVAL instructions) or off. */
  #hook(L: LuaStatePtr, on: boolean): void {
    this.#m._lua_sethook(L, on ? this.#hookPtr : 0, on ? LUA_MASKCOUNT : 0, on ? HOOK_INTERVAL : 0);
    this.#unhooked = !on;
  }

  /** Turn the failed status `st` (error object on top) into a LuaRunError and clear the stack. */
  #takeError(st: number): LuaRunError {
    const L = this.#L, limits = this.#limits;
    let message: string;
    let traceback = "";
    let kind: LuaRunError["kind"] = "runtime";
    if (st === LUA_ERRMEM) {
      message = limits.memoryHit ? this.#memoryMessage() : "not enough memory";
      kind = "memory";
    } else if (st === LUA_ERRSYNTAX) {
      message = this.#errorObjectText(-1);
      kind = "syntax";
    } else if (st === LUA_ERRERR) {
      message = limits.exceeded ? limits.limitMessage() : "error in error handling";
      kind = limits.exceeded ? "budget" : "runtime";
    } else {
      message = this.#errMessage ?? this.#errorObjectText(-1);
      traceback = this.#errTraceback;
      // Told apart by what the limits recorded, not by the text: a game may raise any text.
      if (limits.limitRaised) kind = "budget";
      else if (limits.memoryHit) {
        // Lua's own "not enough memory", carried up by a coroutine or a `__close` handler.
        message = this.#memoryMessage();
        kind = "memory";
      }
    }
    this.#m._lua_settop(L, 0);
    if (limits.stopped) return new LuaRunError(message, traceback, "stopped");
    if (kind === "memory") this.#collectAfterMemoryError();
    return new LuaRunError(message, traceback, kind);
  }

  /**
   * After a memory bomb, give the memory back now: the string table only halves once per GC
   * cycle, so one cycle leaves a bomb of many small strings holding a large table.
   */
  #collectAfterMemoryError(): void {
    const m = this.#m, L = this.#L, h = this.#h;
    this.#limits.reset();
    for (let i = 0; i < 4; i++) {
      if (m._lua_getglobal(L, h.cstr("collectgarbage")) !== LUA_TFUNCTION) break;
      h.pushString(L, "collect");
      if (m._lua_pcallk(L, 1, 0, 0, 0, 0) !== LUA_OK) break;
    }
    m._lua_settop(L, 0);
    this.#limits.reset();
  }

  #errorObjectText(idx: number): string {
    const t = this.#m._lua_type(this.#L, idx);
    if (t === LUA_TSTRING || t === LUA_TNUMBER) return this.#h.readString(this.#L, idx);
    return `(error object is a ${this.#h.typeName(t)} value)`;
  }

  /**
   * Message handler of every top-level pcall (a C function, so it runs no counted instructions).
   * Records the message and the traceback in JS; calls `__tostring` of an error object only under
   * a nested pcall, so a looping `__tostring` runs into the (already spent) budget.
   */
  #messageHandler(L: LuaStatePtr): number {
    const m = this.#m, h = this.#h;
    try {
      const msg = this.#errorText(L);
      m._luaL_traceback(L, L, 0, 1);
      this.#errTraceback = h.readString(L, -1);
      this.#errMessage = this.#gameWhere(L, msg);
      m._lua_settop(L, 1);
      return 1;
    } catch (e) {
      if (typeof e === "number") throw e; // Emscripten longjmp (a Lua error): let it unwind.
      this.#errMessage = `error in error handler: ${e instanceof Error ? e.message : e}`;
      return 1;
    }
  }

  /** The error object at index 1 as text; `__tostring` runs under a nested pcall. */
  #errorText(L: LuaStatePtr): string {
    const m = this.#m, h = this.#h;
    const t = m._lua_type(L, 1);
    if (t === LUA_TSTRING || t === LUA_TNUMBER) return h.readString(L, 1);
    let msg = `(error object is a ${h.typeName(t)} value)`;
    if (t !== LUA_TNIL && m._luaL_getmetafield(L, 1, h.cstr("__tostring")) !== LUA_TNIL) {
      m._lua_pushvalue(L, 1);
      const st = m._lua_pcallk(L, 1, 1, 0, 0, 0);
      if (st === LUA_OK && m._lua_type(L, -1) === LUA_TSTRING) msg = h.readString(L, -1);
      // A limit error of `__tostring` is caught here: the game's error is the one reported.
      else if (st !== LUA_OK) this.#limits.limitRaised = false;
      m._lua_settop(L, 1);
    }
    return msg;
  }

  /**
   * Message handler of `priv.call`: replaces the error object with the text
   * `"<file:line: message>\nstack traceback:\n..."`. A C function, so it runs no counted
   * instructions even when the budget is spent.
   */
  #callbackMessageHandler(L: LuaStatePtr): number {
    const m = this.#m, h = this.#h;
    try {
      let msg = this.#gameWhere(L, this.#errorText(L));
      // `error(msg, 2)` in a callback names its caller, the engine's runtime;
      // Lua called from C would name no position, and neither do we.
      if (this.#engineWhere.some((w) => msg.startsWith(w))) msg = msg.replace(ENGINE_WHERE_RE, "");
      // error(huge_string) must not cost the batch its memory: keep the start.
      if (msg.length > MAX_ERROR_MESSAGE_CHARS) {
        const cut = msg.length - MAX_ERROR_MESSAGE_CHARS;
        msg = `${msg.slice(0, MAX_ERROR_MESSAGE_CHARS)}... (${cut} more characters cut)`;
      }
      m._lua_settop(L, 0);
      h.pushString(L, msg + "\n");
      m._luaL_traceback(L, L, 0, 1);
      m._lua_concat(L, 2);
      return 1;
    } catch (e) {
      if (typeof e === "number") throw e; // Emscripten longjmp (a Lua error): let it unwind.
      m._lua_settop(L, 0);
      h.pushString(L, `error in error handler: ${e instanceof Error ? e.message : e}`);
      return 1;
    }
  }

  /**
   * `"file:line: "` of the innermost game code on the main thread's stack,
   * read with `lua_getstack`/`lua_getinfo` only (no Lua value is made: this
   * runs inside the allocator while it refuses a block), or `""`.
   */
  #gameFrameWhere(): string {
    const m = this.#m, ar = this.#debugPtr, what = this.#h.cstr("Sl");
    for (let level = 0; level < 50 && m._lua_getstack(this.#L, level, ar) === 1; level++) {
      m._lua_getinfo(this.#L, what, ar);
      const line = (m.HEAPU32[(ar + DEBUG_CURRENTLINE) >>> 2] ?? 0) | 0; // an int: -1 for C
      if (line <= 0) continue;
      const bytes = m.HEAPU8.subarray(ar + DEBUG_SHORT_SRC, ar + DEBUG_SHORT_SRC + LUA_IDSIZE);
      const end = bytes.indexOf(0);
      const src = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
      if (src === SANDBOX_CHUNK_NAME.slice(1) || this.#engineWhere.includes(`${src}:`)) continue;
      return `${src}:${line}: `;
    }
    return "";
  }

  /**
   * `"file:line: name: "` for an error raised deep inside engine code on behalf
   * of the game: the innermost game frame on `L`'s stack and the name it called
   * the engine function by (`set_string`, `build`, `print`), or `""`.
   */
  #gameCaller(L: LuaStatePtr): string {
    const m = this.#m, ar = this.#debugPtr, what = this.#h.cstr("Sln");
    let callee = "";
    for (let level = 0; level < 50 && m._lua_getstack(L, level, ar) === 1; level++) {
      m._lua_getinfo(L, what, ar);
      const line = (m.HEAPU32[(ar + DEBUG_CURRENTLINE) >>> 2] ?? 0) | 0;
      const src = cString(m.HEAPU8, ar + DEBUG_SHORT_SRC, LUA_IDSIZE);
      if (
        line > 0 && src !== SANDBOX_CHUNK_NAME.slice(1) && !this.#engineWhere.includes(`${src}:`)
      ) {
        return `${src}:${line}: ${callee === "" ? "" : `${callee}: `}`;
      }
      const name = m.HEAPU32[(ar + DEBUG_NAME) >>> 2] ?? 0;
      callee = name === 0 ? "" : cString(m.HEAPU8, name, 256);
    }
    return "";
  }

  /** The memory cap's error text, with the game line that hit it when known. */
  #memoryMessage(): string {
    const where = this.#memoryWhere;
    this.#memoryWhere = "";
    return where + this.#limits.memoryMessage();
  }

  /**
   * Errors raised by C functions behind a sandbox wrapper (`string.rep`, `table.insert`, ...) name
   * the wrapper's line; point them at the game code that called it instead.
   */
  #gameWhere(L: LuaStatePtr, msg: string): string {
    const match = SANDBOX_WHERE_RE.exec(msg);
    if (!match) return msg;
    const m = this.#m, h = this.#h;
    for (let lvl = 1; lvl < 12; lvl++) {
      m._luaL_where(L, lvl);
      const w = h.readString(L, -1);
      m._lua_settop(L, -2);
      if (w !== "" && !w.startsWith(match[1] ?? "")) return w + msg.slice(match[0].length);
    }
    return msg;
  }

  /** Wrap a JS native so JS exceptions become Lua errors instead of tearing through wasm frames. */
  #native(fn: Native): (L: number) => number {
    const m = this.#m, h = this.#h;
    return (L: number) => {
      try {
        return fn(L);
      } catch (e) {
        if (typeof e === "number") throw e; // Emscripten longjmp: a Lua error already in flight.
        return raiseWithWhere(m, h, L, 0, e instanceof Error ? e.message : String(e));
      }
    };
  }

  #installSandbox(): void {
    const m = this.#m, L = this.#L, h = this.#h, limits = this.#limits;
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
    /** After a privileged pcall caught a spent budget, let the privileged caller carry on. */
    const afterProtected = (l: LuaStatePtr, st: number) => {
      if (st === LUA_OK) return;
      if (st === LUA_ERRMEM && limits.memoryHit) {
        m._lua_settop(l, -2);
        h.pushString(l, this.#memoryMessage());
      } else if (st === LUA_ERRERR && limits.exceeded) {
        m._lua_settop(l, -2);
        h.pushString(l, limits.limitMessage());
      }
      if (limits.exceeded) limits.forgive();
    };
    const costs = this.#costs;
    const callback = (l: LuaStatePtr, counted: CallbackCosts | undefined): number => {
      const n = m._lua_gettop(l);
      if (n < 2) throw new Error("bad argument #2 to 'call' (value expected)");
      if (limits.stopped) {
        // Fail the rest of the batch at once: the worker is being replaced.
        counted?.countFailure();
        m._lua_settop(l, 0);
        h.pushString(l, limits.stopMessage());
        m._lua_pushboolean(l, 1);
        return 2;
      }
      limits.reset();
      const unhooked = this.#unhooked && l === this.#L;
      if (unhooked) this.#hook(l, true);
      const from = counted?.sinceHook(l) ?? 0;
      const st = m._lua_pcallk(l, n - 2, 1, 1, 0, 0);
      // Before the hook is turned off again: that clears the state's hook counter.
      counted?.count(l, from, limits.used, st !== LUA_OK);
      if (unhooked) this.#hook(l, false);
      if (st !== LUA_OK) afterProtected(l, st); // reads the budget state: before the reset
      limits.forgive();
      if (st === LUA_OK) return 1;
      m._lua_pushboolean(l, 1);
      return 2;
    };
    const strings = this.#strings = new StringNatives(
      m,
      h,
      limits,
      tighten,
      (fn) => this.#addFunction(this.#native(fn), "ii"),
    );
    const natives: Record<string, Native> = {
      find: strings.find,
      match: strings.match,
      gmatch: strings.gmatch,
      gsub: strings.gsub,
      log: (l) => {
        const level = str(l, 1);
        const msg = str(l, 2) ?? "";
        this.#onLog(level === "warn" || level === "error" ? level : "info", msg);
        return 0;
      },
      read_file: (l) => {
        const path = str(l, 1);
        const src = path === undefined ? undefined : this.#files.get(path);
        if (src === undefined) m._lua_pushnil(l);
        else h.pushString(l, src);
        return 1;
      },
      charge,
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
        this.#streamed[section].push(h.readBytes(l, 2));
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
        h.pushString(l, this.#gameCaller(l));
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
        if (l === this.#L) this.#hook(l, false);
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
      // inherits a callback's spending. Four wasm calls on success: it runs once per callback.
      call: (l) => callback(l, undefined),
      // `call` for a profiled batch: also counts the callback's instructions and failure.
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
    m._lua_settop(L, 0);
    m._lua_pushcclosure(L, this.#msghPtr, 0);
    m._lua_createtable(L, 0, 10);
    for (const [name, fn] of Object.entries(natives)) {
      m._lua_pushcclosure(L, this.#addFunction(this.#native(fn), "ii"), 0);
      m._lua_setfield(L, -2, h.cstr(name));
    }
    m._lua_pushcclosure(L, this.#cbMsghPtr, 0);
    m._lua_setfield(L, -2, h.cstr("call_handler"));
    m._lua_pushnumber(L, HOOK_INTERVAL);
    m._lua_setfield(L, -2, h.cstr("hook_interval"));
    // [msgh, natives]: each chunk runs with the natives table as its vararg. The library
    // charges come first: they need `debug.getmetatable`, which the prelude removes.
    for (const source of [LIBRARY_COSTS, SANDBOX_PRELUDE]) {
      this.#load(source, SANDBOX_CHUNK_NAME);
      m._lua_pushvalue(L, 2);
      const st = this.#pcall(1, 0, 1);
      if (st !== LUA_OK) throw this.#takeError(st);
    }
    m._lua_settop(L, 0);
  }
}
