/**
 * The snapshot part `ecs.getComponent` reads: every entity's components as
 * one binary string, written straight from the world's stores (no object per
 * entity). The runtime decodes an entity's record each time a callback reads
 * it (`batch_decode.lua`): a game reads a few entities out of thousands, and
 * the part changes whenever anything moves.
 *
 * Layout (little-endian): `<I4 n>`, the `n` entity ids ascending (`<I4>`
 * each), the 1-based position in the part of each one's record (`<I4>`
 * each), then the records: `<I2 mask>` and, for each component of
 * {@linkcode COMPONENT_LAYOUT} whose bit (`1 << index`) is set, its fields in
 * order: `<d>` each, or `<s4>` for a text component. `Transform` is not sent:
 * the runtime derives it from `Position`, `Rotation` and `Scale`.
 *
 * @module
 */
import { ByteWriter, sameBytes } from "./bytes.ts";
import { MoonglowError } from "../core/errors.ts";

/** One component as the part carries it. */
export interface ComponentLayout {
  /** Its name, as `ecs.getComponent` takes it. */
  readonly name: string;
  /** Its fields in the order they are written, which is sorted order (the order Lua sees them). */
  readonly fields: readonly string[];
  /** 1: one text field (`<s4>`); 0: numbers (`<d>` each). */
  readonly text: 0 | 1;
}

/**
 * The components of the part, in bit order (`Position` is bit 0).
 *
 * @example
 * ```ts
 * import { COMPONENT_LAYOUT, componentBit } from "./components_part.ts";
 * COMPONENT_LAYOUT[0]!.name; // "Position"
 * componentBit("Velocity"); // 2
 * ```
 */
export const COMPONENT_LAYOUT = [
  { name: "Position", fields: ["x", "y"], text: 0 },
  { name: "Velocity", fields: ["x", "y"], text: 0 },
  { name: "Rotation", fields: ["degrees"], text: 0 },
  { name: "Scale", fields: ["x", "y"], text: 0 },
  { name: "Friction", fields: ["value"], text: 0 },
  { name: "Frozen", fields: [], text: 0 },
  { name: "Tint", fields: ["a", "b", "g", "r"], text: 0 },
  { name: "TTL", fields: ["seconds"], text: 0 },
  { name: "Animation", fields: ["key"], text: 1 },
  { name: "Shader", fields: ["key"], text: 1 },
] as const satisfies readonly ComponentLayout[];

/** A component of the part by name. */
export type ComponentName = typeof COMPONENT_LAYOUT[number]["name"];

/**
 * The mask bit of component `name`.
 *
 * @example
 * ```ts
 * import { componentBit } from "./components_part.ts";
 * componentBit("Position") | componentBit("Tint"); // 65
 * ```
 */
export function componentBit(name: ComponentName): number {
  return 1 << COMPONENT_LAYOUT.findIndex((c) => c.name === name);
}

/**
 * Most entities a callback's reads are listed by; a callback that reads more
 * counts as having read every entity.
 *
 * @example
 * ```ts
 * import { MAX_COMPONENT_READS } from "./components_part.ts";
 * MAX_COMPONENT_READS; // 32
 * ```
 */
export const MAX_COMPONENT_READS = 32;

/**
 * What a callback read of the components part: the ids of the entities it
 * looked up (found or not), or `"any"` when there were too many to list.
 *
 * @example
 * ```ts
 * import type { ComponentReads } from "./components_part.ts";
 * const reads: ComponentReads = [3, 9];
 * ```
 */
export type ComponentReads = readonly number[] | "any";

/**
 * A components part: its bytes, as sent. Snapshots treat their parts as
 * immutable, so a part is kept (and its bytes reused) by identity. A part
 * made with {@linkcode ComponentsPart.later} is written when first read: a
 * collision stage asks for a snapshot after every callback, and most are
 * never sent. Its owner expires it when the world changes; reading an
 * expired part that was never written throws {@linkcode ExpiredPartError}.
 *
 * @example
 * ```ts
 * import { ComponentsPart, ComponentsWriter } from "./components_part.ts";
 * const part = ComponentsPart.later(() => new ComponentsWriter().finish().bytes);
 * part.count; // 0
 * ```
 */
export class ComponentsPart {
  #bytes: Uint8Array | undefined;
  #write: (() => Uint8Array) | undefined;
  #expired = false;

  /** The part of `bytes`. */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** A part written by `write` when first read. */
  static later(write: () => Uint8Array): ComponentsPart {
    const part = new ComponentsPart(EMPTY);
    part.#bytes = undefined;
    part.#write = write;
    return part;
  }

  /**
   * The encoded part.
   *
   * @throws {ExpiredPartError} when it was not written before it expired.
   */
  get bytes(): Uint8Array {
    if (this.#bytes === undefined) {
      if (this.#expired || this.#write === undefined) throw new ExpiredPartError();
      this.#bytes = this.#write();
      this.#write = undefined;
    }
    return this.#bytes;
  }

  /** Entities in it. */
  get count(): number {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset).getUint32(0, true);
  }

  /** The world it was to be written from changed: a part not written yet never will be. */
  expire(): void {
    this.#expired = true;
    this.#write = undefined;
  }

  /** Whether `other` holds the same bytes. */
  sameAs(other: ComponentsPart): boolean {
    return sameBytes(this.bytes, other.bytes);
  }

  /** The record of entity `id` (its mask and fields), or undefined when the part has none. */
  record(id: number): Uint8Array | undefined {
    const bytes = this.bytes;
    const i = recordIndex(bytes, id);
    if (i < 0) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.getUint32(0, true);
    // Positions are 1-based; a record ends where the next one starts.
    const start = view.getUint32(4 + 4 * (n + i), true) - 1;
    const end = i + 1 < n ? view.getUint32(4 + 4 * (n + i + 1), true) - 1 : bytes.length;
    return bytes.subarray(start, end);
  }
}

/**
 * Writes a {@linkcode ComponentsPart}: per entity, in ascending id order,
 * {@linkcode ComponentsWriter.entity} with the mask of its components, then
 * their fields in layout order.
 *
 * @example
 * ```ts
 * import { componentBit, ComponentsWriter } from "./components_part.ts";
 * const w = new ComponentsWriter();
 * w.entity(3, componentBit("Position") | componentBit("Animation"));
 * w.number(10);
 * w.number(20.5);
 * w.text("walk");
 * const part = w.finish(); // part.count === 1
 * ```
 */
export class ComponentsWriter {
  #ids: number[] = [];
  #offsets: number[] = [];
  #records = new ByteWriter(1024);

  /**
   * Start the record of entity `id` with components `mask`.
   *
   * @throws {RangeError} when `id` is not above the previous one, or not in 1..2^32-1.
   */
  entity(id: number, mask: number): void {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) {
      throw new RangeError(`Entity id ${id} does not fit a components part (1..2^32-1)`);
    }
    const last = this.#ids[this.#ids.length - 1];
    if (last !== undefined && id <= last) {
      throw new RangeError(`Entity ids must ascend: ${id} after ${last}`);
    }
    this.#ids.push(id);
    this.#offsets.push(this.#records.length);
    this.#records.u16(mask);
  }

  /** Write a number field. */
  number(n: number): void {
    this.#records.f64(n);
  }

  /** Write a text field. */
  text(s: string): void {
    this.#records.str(s);
  }

  /** The part written. */
  finish(): ComponentsPart {
    const n = this.#ids.length, records = this.#records.view();
    const head = 4 + 8 * n;
    const bytes = new Uint8Array(head + records.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, n, true);
    for (let i = 0; i < n; i++) {
      view.setUint32(4 + 4 * i, this.#ids[i]!, true);
      // Lua string positions are 1-based.
      view.setUint32(4 + 4 * n + 4 * i, head + this.#offsets[i]! + 1, true);
    }
    bytes.set(records, head);
    return new ComponentsPart(bytes);
  }

  /**
   * The records written so far, back to back (a view, valid until the next
   * write): one entity's record when only one was written.
   */
  records(): Uint8Array {
    return this.#records.view();
  }

  /** Forget everything written, keeping the capacity. */
  reset(): void {
    this.#ids.length = 0;
    this.#offsets.length = 0;
    this.#records.reset();
  }
}

/** The part of no entity. */
const EMPTY = new Uint8Array(4);

/**
 * Where entity `id` is in the part `bytes`: its index among the ids, or -1
 * (also for bytes too short for the ids and positions they count).
 *
 * @example
 * ```ts
 * import { ComponentsWriter, recordIndex } from "./components_part.ts";
 * const w = new ComponentsWriter();
 * w.entity(4, 0);
 * recordIndex(w.finish().bytes, 4); // 0
 * ```
 */
export function recordIndex(bytes: Uint8Array, id: number): number {
  if (bytes.length < 4) return -1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  if (4 + 8 * n > bytes.length) return -1;
  let lo = 0, hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = view.getUint32(4 + 4 * mid, true);
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A components part was read after the world it described changed, before it
 * was ever written: the engine asked for a snapshot and used it too late.
 *
 * @example
 * ```ts
 * import { ComponentsPart, ExpiredPartError } from "./components_part.ts";
 * const part = ComponentsPart.later(() => new Uint8Array(4));
 * part.expire();
 * try {
 *   part.bytes;
 * } catch (e) {
 *   console.assert(e instanceof ExpiredPartError);
 * }
 * ```
 */
export class ExpiredPartError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "COMPONENTS_PART_EXPIRED";
  /** The error for a part read after it expired. */
  constructor() {
    super("Components part read after the world it described changed");
  }
}
