/**
 * Per-state limits for the Lua VM: an instruction budget per call enforced by a count hook, and a
 * memory cap enforced by the state's allocator.
 *
 * Why a count hook set with `lua_sethook` rather than `debug.sethook` from Lua: threads created
 * by `lua_newthread` inherit a C hook, so every coroutine the game makes is counted without
 * wrapping `coroutine.create`, and game code has no way to clear it. The engine's Lua build counts
 * down to the hook inline (tools/lua_wasm/count_hook.patch): a hooked loop runs about 1.25x an
 * unhooked one, and the interval only trades hook calls against how long a spent budget goes
 * unnoticed.
 *
 * Why a stop flag read by the hook: `Worker.terminate()` does not interrupt a thread that is running
 * (in WebAssembly or in JS); it takes effect when the worker's thread returns to its event loop. A
 * host that gives up on a worker sets the shared flag first: the next hook call raises, every call
 * fails fast from then on, and the worker unwinds to its event loop, where the termination ends it.
 * The flag is one `Atomics.load` per hook call, i.e. per {@link HOOK_INTERVAL} instructions; the
 * batch runner's protected call (C) also has JS read it every 64th callback, so a batch of callbacks
 * too short to reach the hook fails within 64 of them.
 *
 * Why the interval shrinks when instructions are slow: one instruction can take 100 ms (comparing
 * two 30 MB strings, coercing one to a number), so a thousand of them can keep the hook away for
 * minutes. When a thousand instructions took longer than {@link SLOW_HOOK_MS}, the thread is hooked
 * on every instruction until they are fast again; the budget is still checked only where a
 * thousand-instruction hook would fire (each slow thread's count is kept), so a callback fails at
 * the same instruction however fast the machine runs it.
 *
 * Why an allocator that checks the cap (in C, tools/lua_wasm/hot_path.c, with its numbers in
 * {@linkcode LimitCells}) rather than polling `collectgarbage("count")` in the hook: a doubling
 * concatenation reaches gigabytes within one hook interval, and wasm memory never shrinks, so a cap
 * that is only checked between hooks would leave the worker holding the peak for good. The
 * allocator refuses the block instead; Lua turns that into a clean memory error for the running
 * call. Bytes allocated are also charged to the instruction budget (1 per 64 bytes) so that
 * copying large strings in a loop cannot run for minutes on a few instructions.
 *
 * @example
 * ```ts
 * import { Limits } from "./limits.ts";
 * const limits = new Limits({ maxInstructions: 1_000_000, maxMemoryMb: 32 });
 * limits.reset();
 * console.log(limits.budgetMessage());
 * ```
 *
 * @module
 */
import { LUA_MASKCOUNT, type LuaStatePtr, type RawHelpers, type RawLuaModule } from "./raw_api.ts";
import { SANDBOX_CHUNK_NAME } from "./sandbox.ts";
import { LimitCells } from "./limit_cells.ts";

/** Default instruction budget per call (CVar `lua_max_instructions`, about 10 M). */
export const DEFAULT_MAX_INSTRUCTIONS = 10_000_000;
/** Default memory cap per state in MiB (CVar `lua_max_memory_mb`). */
export const DEFAULT_MAX_MEMORY_MB = 64;
/**
 * Most bytes of encoded commands one callback may queue. Past it the call that
 * queues more fails for that callback alone; the batch assembles every
 * callback's output inside the state's memory cap, so one callback must not
 * hold a large part of it.
 *
 * @example
 * ```ts
 * import { MAX_CALLBACK_COMMAND_BYTES } from "./limits.ts";
 * console.log(MAX_CALLBACK_COMMAND_BYTES / 2 ** 20); // 4
 * ```
 */
export const MAX_CALLBACK_COMMAND_BYTES = 4 * 1024 * 1024;
/**
 * Most bytes of text (log lines, `print`, a returned string) one callback may produce.
 *
 * @example
 * ```ts
 * import { MAX_CALLBACK_TEXT_BYTES } from "./limits.ts";
 * console.log(MAX_CALLBACK_TEXT_BYTES / 2 ** 20); // 1
 * ```
 */
export const MAX_CALLBACK_TEXT_BYTES = 1024 * 1024;
/**
 * Most log lines (`engine.log*`, `print`) one callback may write.
 *
 * @example
 * ```ts
 * import { MAX_CALLBACK_LOG_LINES } from "./limits.ts";
 * console.log(MAX_CALLBACK_LOG_LINES); // 1000
 * ```
 */
export const MAX_CALLBACK_LOG_LINES = 1000;
/**
 * Characters of a failed callback's error message that are kept (the rest is
 * cut, saying how much): `error(huge_string)` must not cost the batch its memory.
 *
 * @example
 * ```ts
 * import { MAX_ERROR_MESSAGE_CHARS } from "./limits.ts";
 * console.log(MAX_ERROR_MESSAGE_CHARS); // 16384
 * ```
 */
export const MAX_ERROR_MESSAGE_CHARS = 16 * 1024;
/** Instructions between hook calls while the budget lasts. */
export const HOOK_INTERVAL = 1000;
/** Milliseconds per {@link HOOK_INTERVAL} instructions beyond which the hook runs on every one. */
export const SLOW_HOOK_MS = 20;
/** Bytes of allocation that cost one instruction of budget. */
export const BYTES_PER_INSTRUCTION = 64; // MG_BYTES_PER_INSTRUCTION in tools/lua_wasm/hot_path.c

/**
 * Limit values accepted by {@link Limits} and `LuaVm.setLimits`.
 *
 * @example
 * ```ts
 * import type { LimitValues } from "./limits.ts";
 * const l: LimitValues = { maxInstructions: 5_000_000 };
 * ```
 */
export interface LimitValues {
  /** Instruction budget per call (positive integer). */
  maxInstructions?: number;
  /** Memory cap per state in MiB (positive). */
  maxMemoryMb?: number;
}

/**
 * Options of {@link Limits} besides the limit values.
 *
 * @example
 * ```ts
 * import type { LimitOptions } from "./limits.ts";
 * const o: LimitOptions = { stop: new Int32Array(new SharedArrayBuffer(4)) };
 * ```
 */
export interface LimitOptions {
  /** The flag another thread sets (first element non-zero) to stop this state for good. */
  stop?: Int32Array;
  /** Wall time per {@link HOOK_INTERVAL} instructions that counts as slow; default {@link SLOW_HOOK_MS}. */
  slowHookMs?: number;
}

function checkPositive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
    throw new RangeError(`${name} must be a positive finite number, got ${v}`);
  }
}

/**
 * Mutable limit state of one Lua state, shared by its allocator and its count hook. What the C
 * side reads and writes (`used`, `memoryUsed`, `maxBytes`, `capped`, `memoryHit`, `limitRaised`,
 * `stopSeen`) are its {@linkcode LimitCells}, in wasm memory once the state is made.
 *
 * @example
 * ```ts
 * import { Limits } from "./limits.ts";
 * const l = new Limits();
 * l.set({ maxMemoryMb: 16 });
 * console.log(l.maxMemoryMb, l.exceeded);
 * ```
 */
export class Limits extends LimitCells {
  /** Instruction budget per call. */
  maxInstructions: number = DEFAULT_MAX_INSTRUCTIONS;
  /** Memory cap in MiB. */
  maxMemoryMb: number = DEFAULT_MAX_MEMORY_MB;
  readonly #stop: Int32Array;
  readonly #slowHookMs: number;
  /** Threads hooked on every instruction: instructions since their last full interval. */
  readonly #slow = new Map<LuaStatePtr, number>();
  #lastInterval = Date.now();
  #sethook: ((L: LuaStatePtr, count: number) => void) | undefined;

  /** Create limits, defaulting to {@link DEFAULT_MAX_INSTRUCTIONS} and {@link DEFAULT_MAX_MEMORY_MB}. */
  constructor(values: LimitValues = {}, options: LimitOptions = {}) {
    super();
    this.maxBytes = DEFAULT_MAX_MEMORY_MB * 1024 * 1024;
    this.set(values);
    this.#stop = options.stop ?? new Int32Array(1);
    this.#slowHookMs = options.slowHookMs ?? SLOW_HOOK_MS;
  }

  /** Change either limit; takes effect for the next check. */
  set(values: LimitValues): void {
    checkPositive("maxInstructions", values.maxInstructions);
    checkPositive("maxMemoryMb", values.maxMemoryMb);
    if (values.maxInstructions !== undefined) {
      this.maxInstructions = Math.floor(values.maxInstructions);
    }
    if (values.maxMemoryMb !== undefined) {
      this.maxMemoryMb = values.maxMemoryMb;
      this.maxBytes = Math.floor(values.maxMemoryMb * 1024 * 1024);
    }
  }

  /** Start a new budget (before each call / callback). */
  reset(): void {
    this.used = 0;
    this.memoryHit = false;
    this.limitRaised = false;
  }

  /** Clear a spent budget whose error a privileged caller caught, so that it may carry on. */
  forgive(): void {
    this.used = 0;
    this.limitRaised = false;
  }

  /** Whether the budget is spent, or the state was stopped. */
  get exceeded(): boolean {
    return this.used > this.maxInstructions || this.stopped;
  }

  /** Whether the stop flag is set: every call fails from now on. */
  get stopped(): boolean {
    return Atomics.load(this.#stop, 0) !== 0;
  }

  /** The Lua error text for a spent budget. */
  budgetMessage(): string {
    return `instruction budget exceeded (${this.maxInstructions})`;
  }

  /** The Lua error text once the state was stopped. */
  stopMessage(): string {
    return "stopped by the engine (the worker did not answer in time and is being replaced)";
  }

  /** The error text for whichever limit is hit: the stop, else the budget. */
  limitMessage(): string {
    return this.stopped ? this.stopMessage() : this.budgetMessage();
  }

  /**
   * Raise the error of whichever limit is hit (the stop, else the budget) from JS code running
   * inside Lua, naming the game code from `level` up, and remember that it was a limit error.
   */
  raise(m: RawLuaModule, h: RawHelpers, L: LuaStatePtr, level: number): never {
    this.limitRaised = true;
    // The C protected call reads the stop here: the state's later callbacks then fail at once.
    if (this.stopped) this.stopSeen = true;
    return raiseWithWhere(m, h, L, level, this.limitMessage());
  }

  /** The error text for the memory cap. */
  memoryMessage(): string {
    return `memory limit exceeded (${this.maxMemoryMb} MB)`;
  }

  /**
   * A count hook for `module.addFunction(fn, "vii")`. `self()` must return the hook's own function
   * pointer. While the budget lasts the hook fires every {@link HOOK_INTERVAL} instructions (every
   * instruction while they are slow, see the module doc); once it is spent (or the stop flag is
   * set) the running thread is switched to a hook on every instruction, so a `pcall` that
   * catches the error cannot keep looping: the next instruction outside it fails again.
   */
  createHook(
    m: RawLuaModule,
    h: RawHelpers,
    self: () => number,
  ): (L: LuaStatePtr, ar: number) => void {
    const stop = this.#stop, slow = this.#slow;
    const sethook = this.#sethook = (L, count) => m._lua_sethook(L, self(), LUA_MASKCOUNT, count);
    return (L) => {
      const count = m._lua_gethookcount(L);
      // Where a thousand-instruction hook would fire: the only place instructions are added to
      // the budget and the budget is checked (charges made meanwhile see the same total).
      let boundary = true;
      if (count === HOOK_INTERVAL || this.used > this.maxInstructions) this.used += count;
      else {
        // Hooked on every instruction: slow, or made by a slow or spent thread, or spent and
        // given a new budget since (then its interval is counted from here).
        const phase = (slow.get(L) ?? 0) + count;
        boundary = phase >= HOOK_INTERVAL;
        slow.set(L, boundary ? 0 : phase);
        if (boundary) this.used += phase;
      }
      if (Atomics.load(stop, 0) !== 0) {
        this.tighten(L);
        this.raise(m, h, L, 0);
      }
      if (!boundary) return;
      if (this.used > this.maxInstructions) {
        if (count !== 1 || slow.has(L)) this.tighten(L);
        this.raise(m, h, L, 0);
      }
      const now = Date.now();
      const slowNow = now - this.#lastInterval >= this.#slowHookMs;
      this.#lastInterval = now;
      if (slowNow) {
        if (slow.size > MAX_SLOW_THREADS) slow.clear(); // dead threads that were slow
        slow.set(L, 0);
        if (count !== 1) sethook(L, 1);
      } else {
        slow.delete(L);
        if (count !== HOOK_INTERVAL) sethook(L, HOOK_INTERVAL);
      }
    };
  }

  /**
   * Run `make` (which creates a coroutine from `L`) with `L` on the usual hook interval, so that
   * the new thread inherits that one even when `L` is hooked on every instruction because it is
   * slow: a new thread's instructions are then counted the same way whatever the timing.
   */
  aroundSpawn<T>(L: LuaStatePtr, make: () => T): T {
    if (!this.#slow.has(L)) return make();
    this.#sethook?.(L, HOOK_INTERVAL);
    try {
      return make();
    } finally {
      this.#sethook?.(L, 1);
    }
  }

  /**
   * Hook `L` on every instruction after its budget was spent (or the state stopped), so that
   * each of its next instructions fails again. Only once {@link Limits.createHook} made the hook.
   */
  tighten(L: LuaStatePtr): void {
    this.#slow.delete(L);
    this.#sethook?.(L, 1);
  }
}

// Entries of threads that died while slow are never removed one by one.
const MAX_SLOW_THREADS = 65536;

/** Where-prefix of sandbox frames; a limit error names the game code that called into them. */
const SANDBOX_WHERE = `${SANDBOX_CHUNK_NAME.slice(1)}:`;

/**
 * Raise a Lua error `"<where>msg"` from JS code running inside Lua (a hook or a C function).
 * `<where>` is the `file:line:` of the first Lua frame from `level` up that is not sandbox code.
 * `lua_error` unwinds with a WebAssembly exception through the calling JS frame.
 *
 * @example
 * ```ts
 * import { raiseWithWhere } from "./limits.ts";
 * import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, helpers: RawHelpers;
 * // A native registered with Lua, failing like a C function's luaL_error:
 * const native = (L: LuaStatePtr): number => raiseWithWhere(m, helpers, L, 1, "bad argument");
 * ```
 */
export function raiseWithWhere(
  m: RawLuaModule,
  h: RawHelpers,
  L: LuaStatePtr,
  level: number,
  msg: string,
): never {
  let where = "";
  for (let lvl = level; lvl < level + 8; lvl++) {
    m._luaL_where(L, lvl);
    const w = h.readString(L, -1);
    m._lua_settop(L, -2);
    if (w !== "" && !w.startsWith(SANDBOX_WHERE)) {
      where = w;
      break;
    }
  }
  h.pushString(L, where + msg);
  m._lua_error(L);
  throw new Error("lua_error returned"); // unreachable: lua_error never returns
}
