/**
 * Binary encoding of batch requests (engine -> Lua) and decoding of callback
 * results (Lua -> engine). The Lua half lives in `runtime_lua.ts`; the two
 * must change together.
 *
 * @module
 */
import { ByteReader, ByteWriter, DecodeError } from "./bytes.ts";
import {
  type BatchRequest,
  CallbackKind,
  type CallbackRequest,
  type CallbackResult,
  type EntityContextData,
  type LoggedLine,
  type SignalsData,
  type SnapshotData,
} from "./batch_types.ts";
import { writeFloatTable, writeValue } from "./tagged_value.ts";

/** Presence bits of an entity context, in encoding order. */
export const CtxField = {
  Group: 1,
  Pos: 2,
  ScreenPos: 4,
  Vel: 8,
  Frozen: 16,
  Rotation: 32,
  Scale: 64,
  Rect: 128,
  Phase: 256,
  PreviousPhase: 512,
  Timer: 1024,
  Signals: 2048,
  Sprite: 4096,
  Animation: 8192,
} as const;

function writeTrueSet(w: ByteWriter, names: readonly string[]): void {
  const set: Record<string, true> = {};
  for (const n of names) set[n] = true;
  writeValue(w, set);
}

/**
 * Append entity signals as the Lua table
 * `{ scalars = {}, integers = {}, strings = {}, flags = { name = true } }`.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeSignals } from "./batch_codec.ts";
 * writeSignals(new ByteWriter(), { scalars: {}, integers: { hp: 3 }, strings: {}, flags: ["hit"] });
 * ```
 */
export function writeSignals(w: ByteWriter, s: SignalsData): void {
  // A table of four string keys, sorted: flags, integers, scalars, strings.
  w.u8(5);
  w.u32(4);
  writeValue(w, "flags");
  writeTrueSet(w, s.flags);
  writeValue(w, "integers");
  writeValue(w, s.integers);
  writeValue(w, "scalars");
  writeFloatTable(w, s.scalars);
  writeValue(w, "strings");
  writeValue(w, s.strings);
}

function writeEntity(w: ByteWriter, c: EntityContextData): void {
  let mask = 0;
  if (c.group !== undefined) mask |= CtxField.Group;
  if (c.pos) mask |= CtxField.Pos;
  if (c.screenPos) mask |= CtxField.ScreenPos;
  if (c.vel) mask |= CtxField.Vel;
  if (c.frozen !== undefined) mask |= CtxField.Frozen;
  if (c.rotation !== undefined) mask |= CtxField.Rotation;
  if (c.scale) mask |= CtxField.Scale;
  if (c.rect) mask |= CtxField.Rect;
  if (c.phase) mask |= CtxField.Phase;
  if (c.phase?.previous !== undefined) mask |= CtxField.PreviousPhase;
  if (c.timer) mask |= CtxField.Timer;
  if (c.signals) mask |= CtxField.Signals;
  if (c.sprite) mask |= CtxField.Sprite;
  if (c.animation) mask |= CtxField.Animation;
  w.f64(c.id);
  w.u32(mask);
  if (c.group !== undefined) w.str(c.group);
  if (c.pos) (w.f64(c.pos[0]), w.f64(c.pos[1]));
  if (c.screenPos) (w.f64(c.screenPos[0]), w.f64(c.screenPos[1]));
  if (c.vel) (w.f64(c.vel[0]), w.f64(c.vel[1]));
  if (c.frozen !== undefined) w.u8(c.frozen ? 1 : 0);
  if (c.rotation !== undefined) w.f64(c.rotation);
  if (c.scale) (w.f64(c.scale[0]), w.f64(c.scale[1]));
  if (c.rect) (w.f64(c.rect.x), w.f64(c.rect.y), w.f64(c.rect.w), w.f64(c.rect.h));
  if (c.phase) (w.str(c.phase.name), w.f64(c.phase.time));
  if (c.phase?.previous !== undefined) w.str(c.phase.previous);
  if (c.timer) (w.f64(c.timer.duration), w.f64(c.timer.elapsed), w.str(c.timer.callback));
  if (c.signals) writeSignals(w, c.signals);
  if (c.sprite) {
    (w.str(c.sprite.texture), w.u8(c.sprite.flipH ? 1 : 0), w.u8(c.sprite.flipV ? 1 : 0));
  }
  if (c.animation) (w.str(c.animation.key), w.f64(c.animation.frame), w.f64(c.animation.elapsed));
}

/**
 * Append the world snapshot as the Lua table `rt.snap`.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeSnapshot } from "./batch_codec.ts";
 * writeSnapshot(new ByteWriter(), {
 *   scalars: {}, integers: { score: 1 }, strings: {}, flags: [], entities: {},
 *   groups: {}, assets: {}, cvars: {}, input: {},
 * });
 * ```
 */
export function writeSnapshot(w: ByteWriter, s: SnapshotData): void {
  const assets: Record<string, Record<string, true>> = {};
  for (const [kind, keys] of Object.entries(s.assets)) {
    const set: Record<string, true> = {};
    for (const k of keys) set[k] = true;
    assets[kind] = set;
  }
  // Keys sorted: assets, cvars, entities, flags, groups, input, integers, scalars, strings.
  w.u8(5);
  w.u32(9);
  writeValue(w, "assets");
  writeValue(w, assets);
  writeValue(w, "cvars");
  writeValue(w, s.cvars);
  writeValue(w, "entities");
  writeValue(w, s.entities);
  writeValue(w, "flags");
  writeTrueSet(w, s.flags);
  writeValue(w, "groups");
  writeValue(w, s.groups);
  writeValue(w, "input");
  writeValue(w, s.input);
  writeValue(w, "integers");
  writeValue(w, s.integers);
  writeValue(w, "scalars");
  writeFloatTable(w, s.scalars);
  writeValue(w, "strings");
  writeValue(w, s.strings);
}

function writeCallback(w: ByteWriter, c: CallbackRequest): void {
  w.u32(c.index);
  w.u8(c.kind);
  w.str(c.kind === CallbackKind.Chunk ? c.chunkName : c.fn);
  w.u32(c.seed[0] >>> 0);
  w.u32(c.seed[1] >>> 0);
  switch (c.kind) {
    case CallbackKind.SceneUpdate:
      return;
    case CallbackKind.PhaseEnter:
    case CallbackKind.PhaseUpdate:
    case CallbackKind.PhaseExit:
    case CallbackKind.Timer:
      return writeEntity(w, c.ctx);
    case CallbackKind.Menu:
      w.f64(c.menu.menuId);
      w.str(c.menu.itemId);
      w.f64(c.menu.itemIndex);
      return;
    case CallbackKind.CVar:
      for (const a of c.args) w.str(a);
      return;
    case CallbackKind.Collision:
      writeEntity(w, c.a);
      writeEntity(w, c.b);
      w.u8(c.sides.a);
      w.u8(c.sides.b);
      return;
    case CallbackKind.Call:
      w.u32(c.args.length);
      for (const a of c.args) writeValue(w, a);
      return;
    case CallbackKind.Chunk:
      w.str(c.source);
      return;
  }
}

/**
 * Encode a batch request into one binary message.
 *
 * @example
 * ```ts
 * import { encodeBatch } from "./batch_codec.ts";
 * import { CallbackKind } from "./batch_types.ts";
 * const bytes = encodeBatch({
 *   frame: 1, dt: 1 / 60,
 *   callbacks: [{ index: 0, seed: [1, 2], kind: CallbackKind.SceneUpdate, fn: "on_update_menu" }],
 * });
 * ```
 */
export function encodeBatch(req: BatchRequest, w: ByteWriter = new ByteWriter(1024)): Uint8Array {
  w.reset();
  w.u32(req.frame >>> 0);
  w.f64(req.dt);
  w.u8(req.snapshot ? 1 : 0);
  if (req.snapshot) writeSnapshot(w, req.snapshot);
  w.u8(req.input !== undefined ? 1 : 0);
  if (req.input !== undefined) writeValue(w, req.input);
  w.u32(req.callbacks.length);
  for (const c of req.callbacks) writeCallback(w, c);
  return w.finish();
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

function readLogs(bytes: Uint8Array): LoggedLine[] {
  const r = new ByteReader(bytes);
  const out: LoggedLine[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const level = LEVELS[r.u8("log level")];
    if (level === undefined) throw new DecodeError("Unknown log level", at);
    out.push({ level, message: r.str("log message") });
  }
  return out;
}

/**
 * Decode the results of a batch: one record per callback, in request order.
 * A malformed buffer throws {@linkcode DecodeError}.
 *
 * @example
 * ```ts
 * import { decodeResults } from "./batch_codec.ts";
 * const results = decodeResults(new Uint8Array(0)); // []
 * ```
 */
export function decodeResults(bytes: Uint8Array): CallbackResult[] {
  const r = new ByteReader(bytes);
  const out: CallbackResult[] = [];
  while (r.remaining > 0) {
    const index = r.u32("callback index");
    const statusAt = r.offset;
    const status = r.u8("callback status");
    const payload = r.lstr("callback payload");
    const returned = r.str("callback return");
    const logs = readLogs(r.lstr("callback logs"));
    if (status === 0) {
      out.push({
        index,
        ok: true,
        commands: payload,
        returned: returned === "" ? undefined : returned,
        logs,
      });
    } else if (status === 1) {
      out.push({ index, ok: false, error: new TextDecoder().decode(payload), logs });
    } else {
      throw new DecodeError(`Unknown callback status ${status}`, statusAt);
    }
  }
  return out;
}
