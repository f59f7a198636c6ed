/**
 * The in-thread Lua VM: one sandboxed Lua 5.4 state (WebAssembly) with an instruction budget per call,
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
import { concatBytes } from "./bytes.ts";
import { LuaRunError } from "./errors.ts";
import { GuardedState } from "./guarded_state.ts";
import { Limits, type LimitValues } from "./limits.ts";
import {
  LUA_MULTRET,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_TFUNCTION,
  LUA_TNIL,
  LUA_TSTRING,
  type RawLuaModule,
} from "./raw_api.ts";
import { REGISTRY_KEYS } from "./sandbox.ts";
import type { StringNatives } from "./string_natives.ts";
import { consoleLog, type LuaVmOptions } from "./vm_options.ts";
import { GameScripts } from "./vm_reload.ts";
import { installSandbox, sandboxStrings } from "./vm_sandbox.ts";
import { loadLuaModule } from "./wasm_module.ts";

export { LuaRunError, LuaVmClosedError } from "./errors.ts";

const EMPTY = new Uint8Array(0);

/** A reply streamed in parts: section 0, then section 1, then the returned string. */
function joinStreamed(streamed: [Uint8Array[], Uint8Array[]], last: Uint8Array): Uint8Array {
  const parts = [...streamed[0], ...streamed[1], last];
  streamed[0].length = streamed[1].length = 0;
  return concatBytes(parts);
}

const constructToken = Symbol("LuaVm.create");
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
  readonly #s: GuardedState;
  /** The files `require` reads, swapped by a reload. */
  readonly #scripts: GameScripts;
  readonly #onLog: (level: "info" | "warn" | "error", message: string) => void;
  readonly #fnKeys = new Map<string, number>();
  /** What a registered function streamed out with `priv.out` during one `callBinary`, by section. */
  readonly #streamed: [Uint8Array[], Uint8Array[]] = [[], []];
  /** The metered pattern functions (`string.find` ...), once the sandbox is installed. */
  #strings: StringNatives | undefined;

  /**
   * Create a VM: load the Lua wasm module (once per thread), open a capped state and install the sandbox.
   *
   * @example
   * ```ts
   * import { LuaVm } from "./vm.ts";
   * const vm = await LuaVm.create({ maxMemoryMb: 32 });
   * vm.close();
   * ```
   */
  static async create(options: LuaVmOptions = {}): Promise<LuaVm> {
    const m = await loadLuaModule();
    return new LuaVm(constructToken, m, options);
  }

  /** Use {@link LuaVm.create}. */
  constructor(token: symbol, m: RawLuaModule, options: LuaVmOptions) {
    if (token !== constructToken) throw new TypeError("Use LuaVm.create() to make a LuaVm");
    const limits = new Limits({
      maxInstructions: options.maxInstructions,
      maxMemoryMb: options.maxMemoryMb,
    }, { stop: options.stop, slowHookMs: options.slowHookMs });
    this.#scripts = new GameScripts(options.files ?? new Map());
    this.#onLog = options.onLog ?? consoleLog;
    this.#s = new GuardedState(m, limits);
    try {
      const strings = this.#strings = sandboxStrings(this.#s);
      installSandbox(this.#s, strings, {
        streamed: this.#streamed,
        file: (path) => this.#scripts.file(path),
        log: this.#onLog,
      });
    } catch (e) {
      this.close();
      throw e;
    }
    this.#s.hook.set(this.#s.L, true);
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
    return this.#s.enter(() => {
      const s = this.#s, m = s.m, L = s.L, h = s.h;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, s.msghPtr, 0);
      s.load(source, `@${chunkName}`);
      let st = s.pcall(0, LUA_MULTRET, 1);
      if (st !== LUA_OK) throw s.takeError(st);
      let top = m._lua_gettop(L);
      let plain = true;
      for (let i = 2; i <= top && plain; i++) plain = m._lua_type(L, i) === LUA_TSTRING;
      if (!plain) {
        // tostring may run __tostring (game code): convert inside a second protected call.
        m._lua_getfield(L, LUA_REGISTRYINDEX, h.cstr(REGISTRY_KEYS.tostringAll));
        m._lua_rotate(L, 2, 1);
        st = s.pcall(top - 1, LUA_MULTRET, 1);
        if (st !== LUA_OK) throw s.takeError(st);
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
    this.#s.enter(() => {
      const s = this.#s, m = s.m, L = s.L;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, s.msghPtr, 0);
      s.load(source, `@${chunkName}`);
      s.positions.addEngineChunk(chunkName);
      m._lua_getfield(L, LUA_REGISTRYINDEX, s.h.cstr(REGISTRY_KEYS.priv));
      const st = s.pcall(1, 0, 1);
      if (st !== LUA_OK) throw s.takeError(st);
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
    return this.#s.enter(() => {
      const s = this.#s, m = s.m, L = s.L, h = s.h;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, s.msghPtr, 0);
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
      const st = s.pcall(1, 1, 1);
      if (st !== LUA_OK) {
        streamed[0].length = streamed[1].length = 0;
        throw s.takeError(st);
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
    this.#s.enter(() => {
      const s = this.#s, m = s.m, L = s.L;
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, s.msghPtr, 0);
      m._lua_getfield(L, LUA_REGISTRYINDEX, s.h.cstr(REGISTRY_KEYS.freeze));
      const st = s.pcall(0, 0, 1);
      if (st !== LUA_OK) throw s.takeError(st);
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
    return this.#s.enter(() => this.#scripts.prepare(this.#s, source, chunkName, files));
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
    return this.#s.enter(() => this.#scripts.finish(this.#s, commit));
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
    this.#s.limits.set(limits);
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
    return this.#s.limits.memoryUsed;
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
    this.#s.close(() => this.#strings?.dispose());
  }
}
