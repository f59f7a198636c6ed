/**
 * What the callbacks of a profiled batch cost, counted by the VM: wall time
 * per run of callbacks, and per callback the instruction budget it used and
 * whether it failed. The batch runtime asks for it only when the batch's
 * header says so (`priv.counted_call` in place of `priv.call`, and
 * `prof_begin` / `prof_end` around each run), so an unprofiled batch does no
 * work here at all.
 *
 * Why time per run and not per callback: a clock read from the VM costs a
 * call out of wasm into JS (~150 ns for `performance.now`, ~320 ns for Lua's
 * `os.clock` in this build), two per callback would be a tenth of a small
 * callback's whole cost. A run is one function's callbacks back to back, so
 * its time divided by its calls is that function's mean cost, including the
 * runtime's work of handing each callback its context.
 *
 * Why the instructions are read from the state's hook counter: the count hook
 * adds to the budget once every `HOOK_INTERVAL` instructions, so a callback of
 * a few hundred instructions would count as none. Lua keeps the instructions
 * left until the next hook in `lua_State.hookcount`, which the C API does not
 * expose; its place in the struct is found once per state by setting two hook
 * counts and looking for them. The C protected call (tools/lua_wasm/hot_path.c)
 * counts most profiled callbacks itself, reading the field directly, into the
 * same counts (the state's `MgLimits`, passed as `counts`).
 *
 * @example
 * ```ts ignore
 * const costs = new CallbackCosts(m, L, (n) => m._lua_sethook(L, hook, LUA_MASKCOUNT, n), limits);
 * costs.begin();
 * const from = costs.sinceHook(L);
 * // ... run a callback, then: costs.count(L, from, limits.used, failed)
 * const ms = costs.end();
 * console.log(ms, costs.instructions, costs.errors);
 * ```
 *
 * @module
 */
import type { LuaStatePtr, RawLuaModule } from "./raw_api.ts";

/**
 * Where a run's counts are kept (a state's limit cells, which the C protected call adds to).
 *
 * @example
 * ```ts
 * import type { CostCounts } from "./callback_costs.ts";
 * const counts: CostCounts = { countedInstructions: 0, countedErrors: 0 };
 * ```
 */
export interface CostCounts {
  /** Instructions the run's callbacks used so far. */
  countedInstructions: number;
  /** The run's callbacks that failed so far. */
  countedErrors: number;
}

/** Bytes of a `lua_State` searched for its hook counters (they sit well inside). */
const STATE_SCAN_BYTES = 512;
/** Two hook counts no other field of a fresh state holds (primes, far from small sizes). */
const PROBES = [7919, 104729] as const;

/**
 * The byte offset of `hookcount` in a `lua_State`, or -1 when it was not found.
 * `setCount(n)` must set a count hook of `n` instructions on `L` (which sets
 * both `basehookcount` and `hookcount`, adjacent `int`s, to `n`).
 *
 * @example
 * ```ts ignore
 * const at = hookCountOffset(m, L, (n) => m._lua_sethook(L, hook, LUA_MASKCOUNT, n));
 * ```
 */
export function hookCountOffset(
  m: RawLuaModule,
  L: LuaStatePtr,
  setCount: (n: number) => void,
): number {
  let found: number[] | undefined;
  for (const n of PROBES) {
    setCount(n);
    const heap = m.HEAP32, base = L >>> 2, here: number[] = [];
    for (let i = 0; i + 1 < STATE_SCAN_BYTES / 4; i++) {
      if (heap[base + i] === n && heap[base + i + 1] === n) here.push((i + 1) * 4);
    }
    found = found === undefined ? here : found.filter((at) => here.includes(at));
  }
  return found?.length === 1 ? found[0]! : -1;
}

/**
 * The costs of the callbacks of one run, counted by the VM (see the module docs).
 *
 * @example
 * ```ts ignore
 * const costs = new CallbackCosts(m, L, setCount);
 * costs.begin();
 * console.log(costs.end(), costs.instructions, costs.errors);
 * ```
 */
export class CallbackCosts {
  readonly #m: RawLuaModule;
  /** Byte offset of `hookcount` in a `lua_State` (`basehookcount` is the int before it); -1: unknown. */
  readonly #at: number;
  readonly #counts: CostCounts;
  #t0 = 0;

  /**
   * Find the hook counter of `L`'s states (`setCount` as for {@linkcode hookCountOffset}); count
   * into `counts`.
   */
  constructor(
    m: RawLuaModule,
    L: LuaStatePtr,
    setCount: (n: number) => void,
    counts: CostCounts = { countedInstructions: 0, countedErrors: 0 },
  ) {
    this.#m = m;
    this.#at = hookCountOffset(m, L, setCount);
    this.#counts = counts;
  }

  /** Whether instructions short of a hook interval are counted (the counter was found). */
  get exact(): boolean {
    return this.#at >= 0;
  }

  /** Start a run: its clock, and no instructions or errors yet. */
  begin(): void {
    this.#counts.countedInstructions = 0;
    this.#counts.countedErrors = 0;
    this.#t0 = performance.now();
  }

  /** Instructions thread `L` ran since its count hook was last set or fired. */
  sinceHook(L: LuaStatePtr): number {
    if (this.#at < 0) return 0;
    const heap = this.#m.HEAP32, i = (L + this.#at) >>> 2;
    const base = heap[i - 1] ?? 0, left = heap[i] ?? 0;
    return base > 0 ? base - left : 0;
  }

  /**
   * Count one callback run on `L`: `from` is {@linkcode CallbackCosts.sinceHook}
   * before it, `used` the budget it used as the hook booked it.
   */
  count(L: LuaStatePtr, from: number, used: number, failed: boolean): void {
    this.#counts.countedInstructions += used + this.sinceHook(L) - from;
    if (failed) this.#counts.countedErrors++;
  }

  /** Count a callback that failed without running (the state was stopped). */
  countFailure(): void {
    this.#counts.countedErrors++;
  }

  /** End the run: its milliseconds (its instructions and failures are in the getters). */
  end(): number {
    return performance.now() - this.#t0;
  }

  /** Instructions the run's callbacks used so far. */
  get instructions(): number {
    return this.#counts.countedInstructions;
  }

  /** The run's callbacks that failed so far. */
  get errors(): number {
    return this.#counts.countedErrors;
  }
}
