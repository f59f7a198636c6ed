/**
 * A Lua state under guard: created capped and hooked (the allocator enforces
 * the memory cap, the count hook the instruction budget), entered by one
 * caller at a time, with every protected call made under a fresh budget and
 * its failure turned into a {@linkcode LuaRunError}. `LuaVm` builds its
 * public calls on it.
 *
 * @module
 */
import { CallbackCosts } from "./callback_costs.ts";
import { CountHook } from "./count_hook.ts";
import { ErrorCapture } from "./error_capture.ts";
import { LuaRunError, LuaVmClosedError } from "./errors.ts";
import { GamePositions } from "./game_position.ts";
import { HOOK_INTERVAL, type Limits } from "./limits.ts";
import {
  LUA_MASKCOUNT,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_TBOOLEAN,
  LUA_TSTRING,
  type LuaStatePtr,
  RawHelpers,
  type RawLuaModule,
} from "./raw_api.ts";

const encoder = new TextEncoder();

/**
 * One Lua state of module `m` with its guards: the limits, the count hook,
 * the message handlers, the game's positions and the table functions it
 * registered (freed on close).
 *
 * @example
 * ```ts
 * import { GuardedState } from "./guarded_state.ts";
 * import { Limits } from "./limits.ts";
 * import { loadLuaModule } from "./wasm_module.ts";
 * const s = new GuardedState(await loadLuaModule(), new Limits({}));
 * s.enter(() => {
 *   s.m._lua_settop(s.L, 0);
 *   s.m._lua_pushcclosure(s.L, s.msghPtr, 0);
 *   s.load("return 1", "@demo.lua");
 *   if (s.pcall(0, 1, 1) !== 0) throw s.takeError(0);
 * });
 * s.close();
 * ```
 */
export class GuardedState {
  /** The Lua module. */
  readonly m: RawLuaModule;
  /** Its helpers (strings in and out, cached C strings). */
  readonly h: RawHelpers;
  /** The budget and the memory cap. */
  readonly limits: Limits;
  /** The main thread. */
  readonly L: LuaStatePtr;
  /** The main thread's count hook. */
  readonly hook: CountHook;
  /** The game's positions on the stack (engine chunks skipped). */
  readonly positions: GamePositions;
  /** The message handlers and what they recorded. */
  readonly errors: ErrorCapture;
  /** What the callbacks of a profiled batch cost (`priv.counted_call`, `prof_begin`, `prof_end`). */
  readonly costs: CallbackCosts;
  /** The message handler of top-level calls (a C function). */
  readonly msghPtr: number;
  /** The message handler of `priv.call` (a C function). */
  readonly cbMsghPtr: number;
  readonly #fnPtrs: number[] = [];
  #cells = 0;
  #closed = false;
  #broken: string | undefined;
  #busy = false;

  /**
   * Open a state with its standard libraries, capped by `limits`.
   *
   * @throws {RangeError} when wasm memory has no room for a state.
   */
  constructor(m: RawLuaModule, limits: Limits) {
    this.m = m;
    const h = this.h = new RawHelpers(m);
    this.limits = limits;
    const positions = this.positions = new GamePositions(m, h);
    const errors = this.errors = new ErrorCapture(m, h, limits, positions);
    // The allocator (C) keeps the cap and the budget in the state's MgLimits, freed after the
    // state (lua_close frees through it).
    const cells = this.#cells = m._mg_limits_new();
    if (!cells) {
      this.#release();
      throw new RangeError("lua_newstate failed (out of wasm memory)");
    }
    limits.attach(m, cells);
    const refused = () => {
      errors.memoryWhere = positions.frameWhere(this.L);
    };
    limits.setPointers({ refused: this.addFunction(refused, "v") });
    const L = m._lua_newstate(m._mg_allocator(), cells);
    if (!L) {
      limits.detach();
      m._mg_limits_free(cells);
      this.#release();
      throw new RangeError("lua_newstate failed (out of wasm memory)");
    }
    this.L = L;
    let hookPtr = 0;
    hookPtr = this.addFunction(limits.createHook(m, h, () => hookPtr), "vii");
    limits.setPointers({ hook: hookPtr, hookCount: HOOK_INTERVAL });
    this.hook = new CountHook(m, hookPtr);
    this.costs = new CallbackCosts(
      m,
      L,
      (n) => m._lua_sethook(L, hookPtr, LUA_MASKCOUNT, n),
      limits,
    );
    m._lua_sethook(L, 0, 0, 0);
    this.msghPtr = this.addFunction((l: number) => errors.messageHandler(l), "ii");
    this.cbMsghPtr = this.addFunction((l: number) => errors.callbackMessageHandler(l), "ii");
    // A panic means an error outside any pcall; the state is unusable afterwards.
    const panicPtr = this.addFunction((l: number) => {
      this.#broken = `Lua panic: ${h.readString(l, -1)}`;
      throw new LuaVmClosedError(this.#broken);
    }, "ii");
    m._lua_atpanic(L, panicPtr);
    m._luaL_openlibs(L);
  }

  /** Add `fn` to the function table (freed on close); its index. */
  addFunction(fn: (...args: number[]) => number | void, sig: string): number {
    const p = this.m.addFunction(fn, sig);
    this.#fnPtrs.push(p);
    return p;
  }

  /** Guard every public entry: closed / broken / re-entrant use, and JS exceptions out of wasm. */
  enter<T>(body: () => T): T {
    if (this.#closed) throw new LuaVmClosedError();
    if (this.#broken !== undefined) throw new LuaVmClosedError(this.#broken);
    if (this.#busy) throw new Error("LuaVm is not re-entrant: a call is already running");
    if (this.limits.stopped) throw new LuaRunError(this.limits.stopMessage(), "", "stopped");
    this.#busy = true;
    const sp = this.m._stackSave();
    try {
      return body();
    } catch (e) {
      if (e instanceof LuaRunError) throw e;
      // A trap or a JS exception that crossed wasm frames leaves the state inconsistent, and the
      // C stack where it was thrown: it is shared by the thread's states, so it is put back.
      this.m._stackRestore(sp);
      this.#broken ??= `Lua VM broken by ${e instanceof Error ? e.message : String(e)}`;
      throw new LuaRunError(this.#broken, "", "panic");
    } finally {
      this.#busy = false;
      this.limits.capped = false;
    }
  }

  /** Load `source` as a text chunk onto the stack; throws LuaRunError on a syntax error. */
  load(source: string, chunkName: string): void {
    const m = this.m, L = this.L, h = this.h;
    const bytes = encoder.encode(source);
    const nameBytes = encoder.encode(chunkName);
    const name = m._malloc(nameBytes.length + 1);
    m.HEAPU8.set(nameBytes, name);
    m.HEAPU8[name + nameBytes.length] = 0;
    const buf = h.stage(bytes);
    this.limits.reset();
    this.limits.capped = true;
    const st = m._luaL_loadbufferx(L, buf, bytes.length, name, h.cstr("t"));
    this.limits.capped = false;
    m._free(name);
    if (st !== LUA_OK) throw this.takeError(st);
  }

  /** `lua_pcall` under a fresh budget, with the memory cap on unless `capped` is false. */
  pcall(nargs: number, nresults: number, msgh: number, capped = true): number {
    const limits = this.limits;
    limits.reset();
    this.errors.clear();
    limits.capped = capped;
    try {
      return this.m._lua_pcallk(this.L, nargs, nresults, msgh, 0, 0);
    } finally {
      limits.capped = false;
      // A privileged batch may have turned the count hook off (priv.unhook).
      if (this.hook.unhooked) this.hook.set(this.L, true);
    }
  }

  /** Turn the failed status `st` (error object on top) into a LuaRunError and clear the stack. */
  takeError(st: number): LuaRunError {
    return this.errors.take(this.L, st);
  }

  /**
   * Call the registry function `key` (with `arg`); its first result if a string or boolean.
   * `capped: false` runs it without the memory cap: engine code whose allocations are bounded and
   * must not stop halfway (a reload swapping the game's globals).
   */
  callRegistry(key: string, arg?: boolean, capped = true): string | boolean | undefined {
    const m = this.m, L = this.L, h = this.h;
    m._lua_settop(L, 0);
    m._lua_pushcclosure(L, this.msghPtr, 0);
    m._lua_getfield(L, LUA_REGISTRYINDEX, h.cstr(key));
    if (arg !== undefined) m._lua_pushboolean(L, arg ? 1 : 0);
    const st = this.pcall(arg === undefined ? 0 : 1, 1, 1, capped);
    if (st !== LUA_OK) throw this.takeError(st);
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
   * Close the state and free its wasm resources, `dispose` (what the owner
   * allocated beside it) among them. Idempotent.
   */
  close(dispose?: () => void): void {
    if (this.#closed) return;
    this.#closed = true;
    this.limits.capped = false;
    // A broken state may be inconsistent; leaking it is safer than walking it.
    if (this.L && this.#broken === undefined) {
      const sp = this.m._stackSave();
      try {
        this.m._lua_close(this.L);
        // Its numbers go back to JS memory first: the limits may still be read.
        this.limits.detach();
        this.m._mg_limits_free(this.#cells);
      } catch {
        this.m._stackRestore(sp); // nothing more to free safely
      }
    }
    this.#release(dispose);
  }

  #release(dispose?: () => void): void {
    this.positions.dispose();
    dispose?.();
    for (const p of this.#fnPtrs) this.m.removeFunction(p);
    this.#fnPtrs.length = 0;
    this.h.dispose();
  }
}
