/**
 * The head of a batch request: frame facts, which tables follow and the ids
 * the runtime checks them by, then the snapshot and input tables. Read by
 * `batch_entry.lua`; the two must change together.
 *
 * @module
 */
import { EACH_COST_FLAG, PROFILE_FLAG } from "./batch_profile.ts";
import type { ByteWriter } from "./bytes.ts";
import type { BatchRequest, SnapshotData } from "./batch_types.ts";
import { writeFloatTable, writeValue } from "./tagged_value.ts";

function writeTrueSet(w: ByteWriter, names: readonly string[]): void {
  const set: Record<string, true> = {};
  for (const n of names) set[n] = true;
  writeValue(w, set);
}

/**
 * Append the world snapshot, read by the runtime as the Lua table `rt.snap`:
 * `<I4 count>`, then per field, in key order, `<s4 key> <s4 value>` where
 * the value is one tagged value. Each field is its own string so that the
 * runtime decodes again only the fields whose bytes changed: a collision
 * callback that changes a world signal makes the next request carry a new
 * snapshot, and decoding the CVars and assets with it cost more than the
 * callback.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeSnapshot } from "./batch_head.ts";
 * writeSnapshot(new ByteWriter(), {
 *   scalars: {}, integers: { score: 1 }, strings: {}, flags: [], entities: {},
 *   groups: {}, assets: {}, cvars: {}, input: {},
 * });
 * ```
 */
export function writeSnapshot(w: ByteWriter, s: SnapshotData): void {
  // Keys go out sorted, for deterministic bytes; each field's bytes are kept
  // by its value's identity, as a snapshot that changed reuses the parts that did not.
  const fields: [string, unknown, (w: ByteWriter) => void][] = [
    ["assets", s.assets, (w) => writeValue(w, assetSets(s.assets))],
    ["cvars", s.cvars, (w) => writeValue(w, s.cvars)],
    ["entities", s.entities, (w) => writeValue(w, s.entities)],
    ["flags", s.flags, (w) => writeTrueSet(w, s.flags)],
    ["groups", s.groups, (w) => writeValue(w, s.groups)],
    ["input", s.input, (w) => writeValue(w, s.input)],
    ["integers", s.integers, (w) => writeValue(w, s.integers)],
    ["scalars", s.scalars, (w) => writeFloatTable(w, s.scalars)],
    ["strings", s.strings, (w) => writeValue(w, s.strings)],
  ];
  const components = s.components;
  if (components) fields.push(["components", components, (w) => w.bytes(components.bytes)]);
  fields.sort(([a], [b]) => (a < b ? -1 : 1));
  w.u32(fields.length);
  for (const [key, value, write] of fields) {
    w.str(key);
    // Only objects have an identity to keep bytes by.
    const object = typeof value === "object" && value !== null ? value : undefined;
    const kept = object && FIELD_BYTES.get(object);
    if (kept) {
      w.bytes(kept);
      continue;
    }
    const at = w.length;
    w.u32(0);
    write(w);
    w.patchU32(at, w.length - at - 4);
    if (object) FIELD_BYTES.set(object, w.view().slice(at, w.length));
  }
}

// A snapshot field's encoding (length included), by the field's value: snapshots treat their
// parts as immutable (see BatchFrame), so equal identity means equal bytes.
const FIELD_BYTES = new WeakMap<object, Uint8Array>();

function assetSets(
  assets: Readonly<Record<string, readonly string[]>>,
): Record<string, Record<string, true>> {
  const out: Record<string, Record<string, true>> = {};
  for (const [kind, keys] of Object.entries(assets)) {
    const set: Record<string, true> = {};
    for (const k of keys) set[k] = true;
    out[kind] = set;
  }
  return out;
}

/** The header flags of a request's `profile` field. */
function profileFlags(profile: boolean | "each" | undefined): number {
  return profile ? PROFILE_FLAG | (profile === "each" ? EACH_COST_FLAG : 0) : 0;
}

/**
 * Append the head of a batch (frame facts, snapshot, input), everything
 * before the callback count; {@linkcode encodeBatch} is this plus the callbacks.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeBatchHead } from "./batch_head.ts";
 * writeBatchHead(new ByteWriter(), { frame: 1, dt: 1 / 60 });
 * ```
 */
export function writeBatchHead(w: ByteWriter, req: Omit<BatchRequest, "callbacks">): void {
  const hasInput = req.input !== undefined;
  const flags = profileFlags(req.profile);
  writeHeadFacts(
    w,
    req.frame,
    req.dt,
    !!req.snapshot,
    hasInput,
    flags,
    req.snapshotId,
    req.inputId,
  );
  if (req.snapshot) writeSnapshot(w, req.snapshot);
  if (req.input !== undefined) writeValue(w, req.input);
}

// Both heads: frame, dt, which tables follow, and the ids the runtime checks.
function writeHeadFacts(
  w: ByteWriter,
  frame: number,
  dt: number,
  hasSnapshot: boolean,
  hasInput: boolean,
  profileBits: number,
  snapshotId = 0,
  inputId = 0,
): void {
  w.u32(frame >>> 0);
  w.f64(dt);
  w.u8((hasSnapshot ? 1 : 0) | (hasInput ? 2 : 0) | profileBits);
  w.u32(snapshotId >>> 0);
  w.u32(inputId >>> 0);
}

/**
 * Like {@linkcode writeBatchHead}, with the snapshot and input given as their
 * already encoded bytes (`writeSnapshot` / `writeValue` output), so a caller
 * that sends the same snapshot to several states encodes it once.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeEncodedBatchHead } from "./batch_head.ts";
 * writeEncodedBatchHead(new ByteWriter(), { frame: 1, dt: 1 / 60, snapshotId: 0, inputId: 0 });
 * ```
 */
export function writeEncodedBatchHead(w: ByteWriter, head: EncodedBatchHead): void {
  const { snapshot, input } = head;
  const flags = profileFlags(head.profile);
  writeHeadFacts(w, head.frame, head.dt, !!snapshot, !!input, flags, head.snapshotId, head.inputId);
  if (head.snapshot) w.bytes(head.snapshot);
  if (head.input) w.bytes(head.input);
}

/** The head of a batch with pre-encoded snapshot and input; see {@linkcode writeEncodedBatchHead}. */
export interface EncodedBatchHead {
  /** Simulation frame. */
  frame: number;
  /** Fixed timestep in seconds. */
  dt: number;
  /** Id of the snapshot the callbacks must see (0: no check). */
  snapshotId: number;
  /** Id of the input table (0: no check). */
  inputId: number;
  /** Encoded snapshot, when the state does not hold `snapshotId` yet. */
  snapshot?: Uint8Array;
  /** Encoded input, when the state does not hold `inputId` yet. */
  input?: Uint8Array;
  /**
   * Ask for what the callbacks cost (see batch_profile.ts); `"each"`: each
   * callback's cost on its own, in order.
   */
  profile?: boolean | "each";
}
