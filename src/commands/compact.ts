/**
 * A frame's most common commands kept as numbers for the apply stage.
 *
 * The apply stage runs after the frame's last reply, while every worker waits: applying the
 * commands of thousands of callbacks through their objects (a route each, a context per callback,
 * the arguments read back from records) was about half of it, and the objects, alive from the
 * reply to the apply stage, most of what the garbage collector copied. When the engine reads a
 * reply, a callback whose commands all are plain writes to existing entities (positions,
 * velocities, rotations, scales, entity signals) gets them as entries of four numbers in its
 * frame's {@linkcode CommandTape} instead, read straight from the bytes by the decoder's rules (what
 * the decoder would refuse, or read another way, is left to it), and the apply stage runs those
 * with the functions the processors use. Their objects are decoded only if something else asks for
 * them.
 *
 * @module
 */
import { type Command, COMMAND_SPECS, type ParamDecl } from "../api/mod.ts";
import { decodeCommands } from "../api/codec.ts";
import { stringOf, viewOf } from "../api/wire.ts";
import type { GameState } from "../state/game_state.ts";
import { ENTITY_WRITES } from "./entity.ts";

/**
 * Compact commands of one frame: entries of four numbers (the write's index in the table of
 * writes, the entity id, two arguments; a string argument is an index into `strs`).
 *
 * @example
 * ```ts
 * import { CommandTape } from "./compact.ts";
 * const tape = new CommandTape();
 * tape.add(0, 7, 1, 2);
 * console.assert(tape.length === 4);
 * ```
 */
export class CommandTape {
  /** The entries, four numbers each, in `nums[0, length)`. */
  nums: Float64Array;
  /** How many numbers the entries fill. */
  length = 0;
  /** The strings entries name by index. */
  readonly strs: string[] = [];
  /** The index of each string {@linkcode CommandTape.text} kept. */
  readonly #index = new Map<string, number>();
  // Where the bytes of the last text kept are (the replies the tape is read from live as long as
  // it does), and its index: a run's callbacks often write one key each.
  #lastBytes: Uint8Array | undefined;
  #lastStart = 0;
  #lastEnd = 0;
  #lastIndex = -1;

  /** A tape with room for `entries` entries before it grows. */
  constructor(entries = 64) {
    this.nums = new Float64Array(Math.max(1, entries) * 4);
  }

  /**
   * Append one entry.
   *
   * @example
   * ```ts
   * import { CommandTape } from "./compact.ts";
   * new CommandTape().add(1, 3, 0.5, 0);
   * ```
   */
  add(write: number, id: number, a: number, b: number): void {
    const at = this.length;
    if (at + 4 > this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    const n = this.nums;
    n[at] = write;
    n[at + 1] = id;
    n[at + 2] = a;
    n[at + 3] = b;
    this.length = at + 4;
  }

  /**
   * Keep `s`; returns the index an entry names it by.
   *
   * @example
   * ```ts
   * import { CommandTape } from "./compact.ts";
   * console.assert(new CommandTape().str("hp") === 0);
   * ```
   */
  str(s: string): number {
    return this.strs.push(s) - 1;
  }

  /**
   * Keep the string `bytes[start, end)` holds as UTF-8 (see `stringOf`); returns the index an
   * entry names it by. A string with the bytes of one kept lately (the signal keys each callback
   * of a run writes) is kept once.
   *
   * @example
   * ```ts
   * import { CommandTape } from "./compact.ts";
   * const tape = new CommandTape(), hp = new TextEncoder().encode("hp");
   * console.assert(tape.text(hp, 0, 2) === tape.text(hp, 0, 2) && tape.strs.length === 1);
   * ```
   */
  text(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start, last = this.#lastBytes;
    if (last !== undefined && this.#lastIndex >= 0 && this.#lastEnd - this.#lastStart === n) {
      const from = this.#lastStart;
      let i = 0;
      while (i < n && last[from + i] === bytes[start + i]) i++;
      if (i === n) return this.#lastIndex;
    }
    // Decoding a short key costs no string (stringOf keeps recent ones): it is looked up by it.
    const s = stringOf(bytes, start, end);
    let index = this.#index.get(s);
    if (index === undefined) this.#index.set(s, index = this.str(s));
    this.#lastBytes = bytes;
    this.#lastStart = start;
    this.#lastEnd = end;
    return this.#lastIndex = index;
  }

  /**
   * Forget everything added after the tape held `length` numbers and `strs` strings.
   *
   * @example
   * ```ts
   * import { CommandTape } from "./compact.ts";
   * const tape = new CommandTape();
   * tape.add(0, 7, 1, 2);
   * tape.truncate(0, 0);
   * console.assert(tape.length === 0);
   * ```
   */
  truncate(length: number, strs: number): void {
    this.length = length;
    for (let i = strs; i < this.strs.length; i++) {
      if (this.#index.get(this.strs[i]!) === i) this.#index.delete(this.strs[i]!);
    }
    this.strs.length = strs;
    if (this.#lastIndex >= strs) this.#lastIndex = -1;
  }
}

/**
 * One callback's compact commands, `tape.nums[start, end)`, read from `bytes[from, to)`; its
 * command objects are decoded from those bytes only if something asks for them.
 *
 * @example
 * ```ts
 * import { compactCommands, CommandTape } from "./compact.ts";
 * import { encodeCommands } from "../api/codec.ts";
 * const bytes = encodeCommands([{
 *   op: 0, name: "entity_set_velocity", category: "entity", collision: false, args: { id: 4, vx: 1, vy: 2 },
 * }]);
 * const range = compactCommands(bytes, 0, bytes.length, new CommandTape())!;
 * console.assert(range.decode()[0]?.name === "entity_set_velocity");
 * ```
 */
export class CompactRange {
  /** The tape the entries are on. */
  readonly tape: CommandTape;
  /** Where they start on it. */
  readonly start: number;
  /** Where they end. */
  readonly end: number;
  readonly #bytes: Uint8Array;
  readonly #from: number;
  readonly #to: number;

  /** Entries `tape.nums[start, end)`, read from `bytes[from, to)`. */
  constructor(
    tape: CommandTape,
    start: number,
    end: number,
    bytes: Uint8Array,
    from: number,
    to: number,
  ) {
    this.tape = tape;
    this.start = start;
    this.end = end;
    this.#bytes = bytes;
    this.#from = from;
    this.#to = to;
  }

  /**
   * The commands as objects, decoded from their bytes.
   *
   * @example
   * ```ts
   * import type { CompactRange } from "./compact.ts";
   * declare const range: CompactRange;
   * range.decode().length; // how many commands the callback issued
   * ```
   */
  decode(): Command[] {
    return decodeCommands(this.#bytes, this.#from, this.#to);
  }
}

// How a write's arguments after the id go on the tape: a number as it is, an integer checked as
// the decoder checks it, a string by its index on the tape.
const enum Slot {
  Number,
  Integer,
  String,
}

/** How one write's arguments are read: the id, then one or two slots. */
interface Plan {
  readonly write: number;
  readonly a: Slot;
  readonly b: Slot | undefined;
}

// The plan of one write, made from its declaration: the id, then one or two numbers, integers or
// strings. Anything else (a provisional id, a value the decoder would refuse, a parameter with
// bounds, choices or a default) is left to the decoder.
function planOf(write: number, params: readonly ParamDecl[]): Plan | undefined {
  const [id, ...rest] = params;
  if (id?.type !== "id" || rest.length < 1 || rest.length > 2) return undefined;
  const slots: Slot[] = [];
  for (const p of rest) {
    if (p.optional || p.min !== undefined || p.max !== undefined || p.choices) return undefined;
    const slot = p.type === "number"
      ? Slot.Number
      : p.type === "integer"
      ? Slot.Integer
      : p.type === "string"
      ? Slot.String
      : undefined;
    if (slot === undefined) return undefined;
    slots.push(slot);
  }
  return { write, a: slots[0]!, b: slots[1] };
}

// Each write's plan by the opcode of its command (not the collision twin, which applies at once
// in a collision callback).
const BY_OP: (Plan | undefined)[] = [];
for (const spec of COMMAND_SPECS) {
  const write = ENTITY_WRITES.findIndex((w) => w.name === spec.name);
  if (write >= 0 && !spec.collision) BY_OP[spec.op] = planOf(write, spec.decl.params);
}

// Where `readWrites` and `readSlot` read next (one read at a time: nothing here awaits).
let readAt = 0;

// One argument at `readAt` of `bytes[, end)` (read through `view`, which starts `base` bytes before
// it) as the decoder reads it: a finite little-endian double, an integer one, or a `<s4` string
// (kept on `tape`). NaN when the decoder would refuse it or read it another way.
function readSlot(
  view: DataView,
  base: number,
  bytes: Uint8Array,
  end: number,
  slot: Slot,
  tape: CommandTape,
): number {
  if (slot === Slot.String) {
    if (end - readAt < 4) return NaN;
    const n = view.getUint32(base + readAt, true), start = readAt + 4;
    if (n > end - start) return NaN;
    readAt = start + n;
    return tape.text(bytes, start, readAt);
  }
  if (end - readAt < 8) return NaN;
  const v = view.getFloat64(base + readAt, true);
  readAt += 8;
  return slot === Slot.Integer ? (Number.isInteger(v) ? v : NaN) : Number.isFinite(v) ? v : NaN;
}

/**
 * The commands in `bytes[from, to)` appended to `tape` when every one is a write
 * {@linkcode ENTITY_WRITES} lists, to an entity named by a real id (a provisional one is resolved
 * per callback by the processors); their range, or undefined (and `tape` as it was) when one is
 * not, or the bytes are not what the decoder reads (it then says why).
 *
 * @example
 * ```ts
 * import { compactCommands, CommandTape } from "./compact.ts";
 * import { encodeCommands } from "../api/codec.ts";
 * const bytes = encodeCommands([{
 *   op: 0, name: "entity_set_velocity", category: "entity", collision: false, args: { id: 4, vx: 1, vy: 2 },
 * }]);
 * console.assert(compactCommands(bytes, 0, bytes.length, new CommandTape())?.end === 4);
 * ```
 */
export function compactCommands(
  bytes: Uint8Array,
  from: number,
  to: number,
  tape: CommandTape,
): CompactRange | undefined {
  if (to <= from) return undefined;
  const start = tape.length, strs = tape.strs.length;
  if (readWrites(bytes, from, to, tape)) {
    return new CompactRange(tape, start, tape.length, bytes, from, to);
  }
  // Not all writes, or bytes the decoder would refuse: it reads them again and says why.
  tape.truncate(start, strs);
  return undefined;
}

// Append the writes in `bytes[from, to)` to `tape`: false at the first command that is not one
// (or is cut short, or holds what the decoder refuses), with what was appended left to the caller.
function readWrites(bytes: Uint8Array, from: number, to: number, tape: CommandTape): boolean {
  const view = viewOf(bytes.buffer), base = bytes.byteOffset;
  readAt = from;
  while (readAt < to) {
    if (to - readAt < 10) return false; // an opcode and an id
    const plan = BY_OP[view.getUint16(base + readAt, true)];
    const entity = view.getFloat64(base + readAt + 2, true);
    if (plan === undefined || !Number.isInteger(entity) || entity < 1) return false;
    readAt += 10;
    const a = readSlot(view, base, bytes, to, plan.a, tape);
    const b = plan.b === undefined ? 0 : readSlot(view, base, bytes, to, plan.b, tape);
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    tape.add(plan.write, entity, a, b);
  }
  return true;
}

/**
 * Apply the compact commands of `range` in order; a failed one is handed to `fail` with its
 * command's name, as the processors' failures are.
 *
 * @example
 * ```ts
 * import { applyCompact, CommandTape, compactCommands } from "./compact.ts";
 * import { encodeCommands } from "../api/codec.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const bytes = encodeCommands([{
 *   op: 0, name: "entity_set_velocity", category: "entity", collision: false, args: { id: 99, vx: 1, vy: 2 },
 * }]);
 * const range = compactCommands(bytes, 0, bytes.length, new CommandTape())!;
 * applyCompact(createGameState(), range, (name, e) => console.log(name, e)); // entity 99 does not exist
 * ```
 */
export function applyCompact(
  state: GameState,
  range: CompactRange,
  fail: (name: string, e: unknown) => void,
): void {
  const { tape, start, end } = range, nums = tape.nums;
  for (let i = start; i < end; i += 4) {
    const write = ENTITY_WRITES[nums[i]!]!;
    try {
      write.run(state, tape, i);
    } catch (e) {
      fail(write.name, e);
    }
  }
}
