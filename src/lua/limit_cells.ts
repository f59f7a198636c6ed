/**
 * The numbers of a Lua state's limits that its C allocator and protected call
 * share with JavaScript: one `MgLimits` in wasm memory
 * (`tools/lua_wasm/hot_path.c`, whose static asserts check this layout), or
 * JavaScript's own memory until {@linkcode LimitCells.attach} moves them there.
 *
 * @module
 */
import type { RawLuaModule } from "./raw_api.ts";

/** Byte offsets of the fields of `MgLimits` (hot_path.c; the others are C's own). */
const F64 = { used: 0, memoryUsed: 8, maxBytes: 16, countedInstructions: 72 } as const;
const I32 = {
  capped: 24,
  memoryHit: 28,
  limitRaised: 32,
  hookCount: 36,
  hook: 40,
  refused: 44,
  failed: 48,
  slowCall: 52,
  stopped: 56,
  countedCall: 64,
  countedErrors: 68,
} as const;

/** Bytes of `MgLimits` that JavaScript reads (rounded up to whole doubles). */
const LIMIT_CELLS_BYTES = 80;

/**
 * The function pointers the C side calls on its rare paths, and the hook's interval.
 *
 * @example
 * ```ts
 * import type { LimitPointers } from "./limit_cells.ts";
 * const p: LimitPointers = { hook: 7, hookCount: 1000 };
 * ```
 */
export interface LimitPointers {
  /** The count hook (`lua_Hook`) the protected call sets while a callback runs. */
  hook?: number;
  /** The hook's interval in instructions. */
  hookCount?: number;
  /** `void refused(void)`: the allocator refused a block for the cap. */
  refused?: number;
  /** `void failed(lua_State*, int status)`: a protected call failed (its error on the stack). */
  failed?: number;
  /** The whole protected call as a `lua_CFunction`, for a stopped state and bad arguments. */
  slowCall?: number;
  /** The profiled batch's protected call (counting instructions) as a `lua_CFunction`. */
  countedCall?: number;
}

/** What the cells are read through: a module's live views, or JavaScript's own. */
interface Views {
  readonly HEAPF64: Float64Array;
  readonly HEAP32: Int32Array;
}

function ownViews(): Views {
  const buffer = new ArrayBuffer(LIMIT_CELLS_BYTES);
  return { HEAPF64: new Float64Array(buffer), HEAP32: new Int32Array(buffer) };
}

/**
 * Typed access to one `MgLimits` (the Limits of a state are one).
 *
 * @example
 * ```ts
 * import { LimitCells } from "./limit_cells.ts";
 * const cells = new LimitCells();
 * cells.used = 5;
 * console.assert(cells.used === 5 && !cells.capped);
 * ```
 */
export class LimitCells {
  // A module's views are replaced when its memory grows: read through the module every time.
  #views: Views = ownViews();
  #base = 0;

  /**
   * Move the numbers to the `MgLimits` at `ptr` in `m`'s memory (as they are now).
   *
   * @example
   * ```ts
   * import { LimitCells } from "./limit_cells.ts";
   * import { loadLuaModule } from "./wasm_module.ts";
   * const m = await loadLuaModule();
   * const ptr = m._mg_limits_new();
   * new LimitCells().attach(m, ptr);
   * ```
   */
  attach(m: RawLuaModule, ptr: number): void {
    this.#move(m, ptr);
  }

  /**
   * Move the numbers back to JavaScript's memory, before their `MgLimits` is freed (the
   * function pointers stay behind).
   *
   * @example
   * ```ts
   * import { LimitCells } from "./limit_cells.ts";
   * const cells = new LimitCells();
   * cells.used = 3;
   * cells.detach();
   * console.assert(cells.used === 3);
   * ```
   */
  detach(): void {
    this.#move(ownViews(), 0);
  }

  #move(views: Views, base: number): void {
    const { used, memoryUsed, maxBytes, capped, memoryHit, limitRaised, stopSeen } = this;
    const { countedInstructions, countedErrors } = this;
    this.#views = views;
    this.#base = base;
    Object.assign(this, { used, memoryUsed, maxBytes, capped, memoryHit, limitRaised, stopSeen });
    Object.assign(this, { countedInstructions, countedErrors });
  }

  /**
   * Set the function pointers (and hook interval) given.
   *
   * @example
   * ```ts
   * import { LimitCells } from "./limit_cells.ts";
   * new LimitCells().setPointers({ hookCount: 1000 });
   * ```
   */
  setPointers(p: LimitPointers): void {
    for (const [name, value] of Object.entries(p)) {
      if (value !== undefined) this.#setI32(I32[name as keyof LimitPointers], value);
    }
  }

  /** Instructions (and allocation charges) used by the running call. */
  get used(): number {
    return this.#f64(F64.used);
  }
  set used(v: number) {
    this.#setF64(F64.used, v);
  }

  /** Bytes the state holds. */
  get memoryUsed(): number {
    return this.#f64(F64.memoryUsed);
  }
  set memoryUsed(v: number) {
    this.#setF64(F64.memoryUsed, v);
  }

  /** The memory cap in bytes. */
  get maxBytes(): number {
    return this.#f64(F64.maxBytes);
  }
  set maxBytes(v: number) {
    this.#setF64(F64.maxBytes, v);
  }

  /** Whether the allocator enforces the cap (off while JS itself pushes values outside a pcall). */
  get capped(): boolean {
    return this.#i32(I32.capped) !== 0;
  }
  set capped(v: boolean) {
    this.#setI32(I32.capped, v ? 1 : 0);
  }

  /**
   * Whether the allocator refused a block since the last reset and game code has not caught
   * the memory error since (see the `caught` native): the call is failing for the memory cap.
   */
  get memoryHit(): boolean {
    return this.#i32(I32.memoryHit) !== 0;
  }
  set memoryHit(v: boolean) {
    this.#setI32(I32.memoryHit, v ? 1 : 0);
  }

  /**
   * Whether a limit error (budget or stop) was raised since the budget was last reset or
   * forgiven: the VM tells a limit error from the game's own by this, not by its text.
   */
  get limitRaised(): boolean {
    return this.#i32(I32.limitRaised) !== 0;
  }
  set limitRaised(v: boolean) {
    this.#setI32(I32.limitRaised, v ? 1 : 0);
  }

  /** Whether a stop of the state was seen (the C protected call then fails at once). */
  get stopSeen(): boolean {
    return this.#i32(I32.stopped) !== 0;
  }
  set stopSeen(v: boolean) {
    this.#setI32(I32.stopped, v ? 1 : 0);
  }

  /** Instructions the callbacks of a profiled run used so far (callback_costs.ts). */
  get countedInstructions(): number {
    return this.#f64(F64.countedInstructions);
  }
  set countedInstructions(v: number) {
    this.#setF64(F64.countedInstructions, v);
  }

  /** Callbacks of a profiled run that failed so far (callback_costs.ts). */
  get countedErrors(): number {
    return this.#i32(I32.countedErrors);
  }
  set countedErrors(v: number) {
    this.#setI32(I32.countedErrors, v);
  }

  #f64(offset: number): number {
    return this.#views.HEAPF64[(this.#base + offset) >>> 3] ?? 0;
  }
  #setF64(offset: number, v: number): void {
    this.#views.HEAPF64[(this.#base + offset) >>> 3] = v;
  }
  #i32(offset: number): number {
    return this.#views.HEAP32[(this.#base + offset) >>> 2] ?? 0;
  }
  #setI32(offset: number, v: number): void {
    this.#views.HEAP32[(this.#base + offset) >>> 2] = v;
  }
}
