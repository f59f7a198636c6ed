/**
 * The entity part of a Lua callback context, read from the world: only the
 * components an entity has appear; the rest are nil in Lua.
 *
 * The batch encoder asks for contexts by entity id as it writes them
 * ({@linkcode WorldContexts}), so a frame of thousands of entity callbacks
 * builds no object per entity: a reused context (two, for a collision's two
 * sides) is filled from the typed arrays and side tables, and signals are
 * read where they live.
 *
 * @module
 */
import type { GameplayTables } from "../gameplay/mod.ts";
import {
  Collider,
  colliderRectAt,
  componentSetTest,
  eidOf,
  Frozen,
  Position,
  Rotation,
  Scale,
  ScreenSpace,
  Velocity,
  type World,
} from "../ecs/mod.ts";
import type { EntityContextSource, EntityContextWriter } from "../lua/batch_codec.ts";
import { CtxField, MAX_RUN_KEYS, writeKeyCounts, writeSignalsTail } from "../lua/batch_context.ts";
import type { EntityContextData } from "../lua/batch_types.ts";
import type { ByteWriter } from "../lua/bytes.ts";
import { type EntitySignals, keySetOf } from "../signals/mod.ts";
import type { LiveSignals, SignalShape } from "../lua/signal_shape.ts";

/** One key's values in one category (see `EntitySignals.column`). */
type SignalColumn = NonNullable<ReturnType<EntitySignals["column"]>>;

/** Signals of an entity that never had any: Lua still sees empty tables. */
// Sealed, not frozen: the encoder keeps the (empty) key set in its keysCache.
const NO_SIGNALS: LiveSignals = Object.seal({
  keysVersion: 0,
  keys: () => [],
  getScalar: () => undefined,
  getInteger: () => undefined,
  getString: () => undefined,
  keysCache: undefined,
});

/** A context whose parts are reused: every optional field is rewritten on each fill. */
interface Scratch {
  ctx: EntityContextData;
  pos: [number, number];
  vel: [number, number];
  scale: [number, number];
  rect: { x: number; y: number; w: number; h: number };
  phase: { name: string; time: number; previous?: string };
  sprite: { texture: string; flipH: boolean; flipV: boolean };
}

type Row<K extends keyof GameplayTables> = GameplayTables[K] extends
  { get(eid: number): infer R | undefined } ? R : never;

/** The components a context shows, in the order `componentSetTest` is given them (one bit each). */
const CONTEXT_COMPONENTS = [Position, ScreenSpace, Velocity, Frozen, Rotation, Scale, Collider];
const HAS_POSITION = 1, HAS_SCREEN = 2, HAS_VELOCITY = 4, HAS_FROZEN = 8, HAS_ROTATION = 16;
const HAS_SCALE = 32, HAS_COLLIDER = 64;
/** Every context field. */
const ALL_FIELDS = Object.values(CtxField).reduce((all, bit) => all | bit, 0);
/** The fields read from an entity's phase machine. */
const PHASE_FIELDS = CtxField.Phase | CtxField.PreviousPhase;

/** An entity read for writing (see WorldContexts.prepare): what `context` would read of it. */
interface Prepared {
  id: number;
  eid: number;
  mask: number;
  /** Which of `CONTEXT_COMPONENTS` it has. */
  has: number;
  group: string;
  phase: Row<"phase"> | undefined;
  timer: Row<"luaTimer"> | undefined;
  live: LiveSignals;
  sprite: Row<"sprite"> | undefined;
  animation: Row<"animation"> | undefined;
}

function prepared(): Prepared {
  return {
    id: 0,
    eid: 0,
    mask: 0,
    has: 0,
    group: "",
    phase: undefined,
    timer: undefined,
    live: NO_SIGNALS,
    sprite: undefined,
    animation: undefined,
  };
}

function scratch(): Scratch {
  return {
    ctx: { id: 0 },
    pos: [0, 0],
    vel: [0, 0],
    scale: [1, 1],
    rect: { x: 0, y: 0, w: 0, h: 0 },
    phase: { name: "", time: 0 },
    sprite: { texture: "", flipH: false, flipV: false },
  };
}

/**
 * Reads entity contexts (a callback's `ctx`) from the world for the batch encoder.
 * {@linkcode WorldContexts.context} fills the reused object of a slot (0 or
 * 1), valid until the next call for that slot; {@linkcode WorldContexts.capture}
 * returns a fresh copy that keeps what the entity is now (a phase exit's
 * context, read before the phase changes). As its own
 * {@linkcode WorldContexts.writer} it writes a context straight into a request
 * instead (the encoder's way): the same bytes, without filling the object and
 * reading it back (about a third of encoding an entity's context).
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { spawnEntity } from "../ecs/mod.ts";
 * import { WorldContexts } from "./entity_context.ts";
 * const { world, gameplay } = createGameState();
 * const contexts = new WorldContexts(world, gameplay);
 * const ctx = contexts.context(spawnEntity(world)); // { id, ... } or undefined
 * ```
 */
export class WorldContexts implements EntityContextSource, EntityContextWriter {
  #world: World;
  #tables: GameplayTables;
  /** The reused contexts, one per slot. */
  #slots: readonly [Scratch, Scratch] = [scratch(), scratch()];
  /** The entities read for writing, one per slot. */
  #prepared: readonly [Prepared, Prepared] = [prepared(), prepared()];
  #rect = { x: 0, y: 0, w: 0, h: 0 };
  /** Which of `CONTEXT_COMPONENTS` an entity has. */
  #has: (eid: number) => number;
  /** The signal columns of the key set last written, in its order, and the layout they are of. */
  #columns: SignalColumn[] = [];
  #columnsShape: SignalShape | undefined;
  #columnsLayout = -1;
  /** Per function, the context fields its callbacks can read (absent: all of them). */
  #fieldsRead: ReadonlyMap<string, number> = new Map();
  /** The last function looked up there, and its fields (a run's callbacks share a function). */
  #lastFn = "";
  #lastFields = ALL_FIELDS;

  /** Read contexts of `world` and its gameplay side tables. */
  constructor(world: World, tables: GameplayTables) {
    this.#world = world;
    this.#tables = tables;
    this.#has = componentSetTest(world, CONTEXT_COMPONENTS);
  }

  /**
   * The context of live entity `id` in the reused object of `slot`, or undefined. It reads the
   * entity into the slot {@linkcode WorldContexts.prepare} uses, replacing one prepared there.
   */
  context(id: number, slot: 0 | 1 = 0): EntityContextData | undefined {
    // What the entity has is read as for writing (prepare), then its values field by field into
    // pooled objects: this allocates nothing.
    const mask = this.prepare(id, slot);
    if (mask < 0) return undefined;
    const p = this.#prepared[slot], eid = p.eid, s = this.#slots[slot];
    const world = this.#world, c = world.components;
    const ctx = s.ctx;
    ctx.id = id;
    ctx.group = mask & CtxField.Group ? p.group : undefined;
    ctx.pos = ctx.screenPos = undefined;
    if (mask & (CtxField.Pos | CtxField.ScreenPos)) {
      s.pos[0] = c.position.x[eid] ?? 0;
      s.pos[1] = c.position.y[eid] ?? 0;
      if (mask & CtxField.ScreenPos) ctx.screenPos = s.pos;
      else ctx.pos = s.pos;
    }
    if (mask & CtxField.Vel) {
      s.vel[0] = c.velocity.x[eid] ?? 0;
      s.vel[1] = c.velocity.y[eid] ?? 0;
      ctx.vel = s.vel;
      ctx.frozen = (p.has & HAS_FROZEN) !== 0;
    } else ctx.vel = ctx.frozen = undefined;
    ctx.rotation = mask & CtxField.Rotation ? c.rotation.degrees[eid] ?? 0 : undefined;
    if (mask & CtxField.Scale) {
      s.scale[0] = c.scale.x[eid] ?? 1;
      s.scale[1] = c.scale.y[eid] ?? 1;
      ctx.scale = s.scale;
    } else ctx.scale = undefined;
    ctx.rect = mask & CtxField.Rect ? colliderRectAt(world, eid, s.rect) : undefined;
    const phase = p.phase;
    if (phase) {
      const t = s.phase;
      t.name = phase.current;
      t.time = phase.timeInPhase;
      t.previous = phase.previous ?? undefined;
      ctx.phase = t;
    } else ctx.phase = undefined;
    // A timer's and an animation's rows have the context's fields: handed over as they are (the
    // encoder writes a context at once, and capture copies it).
    ctx.timer = p.timer;
    ctx.signals = undefined;
    ctx.liveSignals = p.live;
    const sprite = p.sprite;
    if (sprite) {
      const t = s.sprite;
      t.texture = sprite.texture;
      t.flipH = sprite.flipX;
      t.flipV = sprite.flipY;
      ctx.sprite = t;
    } else ctx.sprite = undefined;
    ctx.animation = p.animation;
    return ctx;
  }

  /**
   * The context fields (`CtxField` bits) callbacks of function `fn` can read: every field unless
   * {@linkcode WorldContexts.setFieldsRead} said fewer.
   */
  fieldsRead(fn: string): number {
    if (fn !== this.#lastFn) {
      this.#lastFn = fn;
      this.#lastFields = this.#fieldsRead.get(fn) ?? ALL_FIELDS;
    }
    return this.#lastFields;
  }

  /**
   * What the game's functions can read of their contexts (`CtxField` bits by name, as the
   * runtime's `CONTEXT_FIELDS_FUNCTION` gives them); a function left out can read any field.
   * Replaces what was set before (a reload sets it again, or clears it with an empty map).
   */
  setFieldsRead(fields: ReadonlyMap<string, number>): void {
    this.#fieldsRead = fields;
    this.#lastFn = "";
    this.#lastFields = ALL_FIELDS;
  }

  /** Itself: it writes the contexts it reads (see {@linkcode EntityContextWriter}). */
  get writer(): EntityContextWriter {
    return this;
  }

  /**
   * Read live entity `id` into `slot` for {@linkcode WorldContexts.write}: the field mask of its
   * context (what `contextMask` gives for {@linkcode WorldContexts.context}) within `fields`, or
   * -1 when it is not alive. Fields outside `fields` are neither read nor written.
   */
  prepare(id: number, slot: 0 | 1 = 0, fields: number = ALL_FIELDS): number {
    const world = this.#world, tables = this.#tables;
    const eid = eidOf(world, id);
    if (eid === undefined) return -1;
    const p = this.#prepared[slot];
    p.id = id;
    p.eid = eid;
    // A velocity is written with its frozen flag (write): one of them read sends both.
    if (fields & (CtxField.Vel | CtxField.Frozen)) fields |= CtxField.Vel | CtxField.Frozen;
    // Every world context has signals (empty tables when it never had any).
    let mask = CtxField.Signals;
    if (fields & CtxField.Group) {
      const groups = world.groups.of(eid);
      if (groups.length > 0) {
        mask |= CtxField.Group;
        p.group = groups[0]!;
      }
    }
    const has = p.has = this.#has(eid);
    if (has & HAS_POSITION) mask |= has & HAS_SCREEN ? CtxField.ScreenPos : CtxField.Pos;
    if (has & HAS_VELOCITY) mask |= CtxField.Vel | CtxField.Frozen;
    if (has & HAS_ROTATION) mask |= CtxField.Rotation;
    if (has & HAS_SCALE) mask |= CtxField.Scale;
    if (has & HAS_COLLIDER) mask |= CtxField.Rect;
    const phase = p.phase = fields & PHASE_FIELDS ? tables.phase.get(eid) : undefined;
    if (phase) {
      mask |= phase.previous != null ? CtxField.Phase | CtxField.PreviousPhase : CtxField.Phase;
    }
    if ((p.timer = fields & CtxField.Timer ? tables.luaTimer.get(eid) : undefined)) {
      mask |= CtxField.Timer;
    }
    p.live = fields & CtxField.Signals ? world.entitySignals.get(eid) ?? NO_SIGNALS : NO_SIGNALS;
    if ((p.sprite = fields & CtxField.Sprite ? tables.sprite.get(eid) : undefined)) {
      mask |= CtxField.Sprite;
    }
    if ((p.animation = fields & CtxField.Animation ? tables.animation.get(eid) : undefined)) {
      mask |= CtxField.Animation;
    }
    return p.mask = mask & fields;
  }

  /** The key set of the signals of the entity in `slot`, as `runShape` gives it. */
  shapeOf(slot: 0 | 1 = 0): SignalShape | undefined {
    const shape = this.#keysOf(this.#prepared[slot]);
    return shape.total <= MAX_RUN_KEYS ? shape : undefined;
  }

  // The key set of a prepared entity's signals, which the table keeps as keys come and go.
  #keysOf(p: Prepared): SignalShape {
    return keySetOf(this.#world.entitySignals, p.eid);
  }

  /**
   * Write the context of the entity read into `slot`, in the bytes `writeEntity` writes for
   * {@linkcode WorldContexts.context} (fields in `CtxField` order; signals as `shape` says).
   */
  write(w: ByteWriter, slot: 0 | 1, shape: SignalShape | undefined): void {
    const p = this.#prepared[slot], eid = p.eid, mask = p.mask, c = this.#world.components;
    const group = p.group;
    const phase = mask & CtxField.Phase ? p.phase : undefined;
    const previous = mask & CtxField.PreviousPhase ? p.phase?.previous ?? undefined : undefined;
    const timer = mask & CtxField.Timer ? p.timer : undefined;
    // The fields up to the timer in one claim of their largest size (strings: 3 bytes a unit).
    let size = 8;
    if (mask & CtxField.Group) size += 4 + 3 * group.length;
    if (mask & (CtxField.Pos | CtxField.ScreenPos)) size += 16;
    if (mask & CtxField.Vel) size += 17;
    if (mask & CtxField.Rotation) size += 8;
    if (mask & CtxField.Scale) size += 16;
    if (mask & CtxField.Rect) size += 32;
    if (phase) size += 12 + 3 * phase.current.length;
    if (previous !== undefined) size += 4 + 3 * previous.length;
    if (timer) size += 20 + 3 * timer.callback.length;
    let at = w.claim(size);
    w.i64At(at, p.id);
    at += 8;
    if (mask & CtxField.Group) at = w.strAt(at, group);
    if (mask & (CtxField.Pos | CtxField.ScreenPos)) {
      w.f64At(at, c.position.x[eid] ?? 0);
      w.f64At(at + 8, c.position.y[eid] ?? 0);
      at += 16;
    }
    if (mask & CtxField.Vel) {
      w.f64At(at, c.velocity.x[eid] ?? 0);
      w.f64At(at + 8, c.velocity.y[eid] ?? 0);
      w.u8At(at + 16, p.has & HAS_FROZEN ? 1 : 0);
      at += 17;
    }
    if (mask & CtxField.Rotation) (w.f64At(at, c.rotation.degrees[eid] ?? 0), at += 8);
    if (mask & CtxField.Scale) {
      w.f64At(at, c.scale.x[eid] ?? 1);
      w.f64At(at + 8, c.scale.y[eid] ?? 1);
      at += 16;
    }
    if (mask & CtxField.Rect) {
      const r = colliderRectAt(this.#world, eid, this.#rect);
      (w.f64At(at, r.x), w.f64At(at + 8, r.y), w.f64At(at + 16, r.w), w.f64At(at + 24, r.h));
      at += 32;
    }
    if (phase) {
      at = w.strAt(at, phase.current);
      w.f64At(at, phase.timeInPhase);
      at += 8;
    }
    if (previous !== undefined) at = w.strAt(at, previous);
    if (timer) {
      (w.f64At(at, timer.duration), w.f64At(at + 8, timer.elapsed));
      at = w.strAt(at + 16, timer.callback);
    }
    w.release(at);
    const signals = (mask & CtxField.Signals) !== 0;
    const keys = signals && shape === undefined ? this.#keysOf(p) : undefined;
    if (keys !== undefined) writeKeyCounts(w, keys);
    const sprite = mask & CtxField.Sprite ? p.sprite : undefined;
    if (sprite) (w.str(sprite.texture), w.u8(sprite.flipX ? 1 : 0), w.u8(sprite.flipY ? 1 : 0));
    const animation = mask & CtxField.Animation ? p.animation : undefined;
    if (animation) (w.str(animation.key), w.f64(animation.frame), w.f64(animation.elapsed));
    if (!signals) return;
    if (shape !== undefined) this.#writeValues(w, eid, shape);
    else writeSignalsTail(w, p.live, undefined, keys);
  }

  // The values of `eid`'s signals in the order of its key set `shape`, read from their columns.
  #writeValues(w: ByteWriter, eid: number, shape: SignalShape): void {
    const signals = this.#world.entitySignals;
    if (shape !== this.#columnsShape || signals.layout !== this.#columnsLayout) {
      const column = (category: "scalars" | "integers" | "strings") => (key: string) =>
        signals.column(category, key)!;
      this.#columns = [
        ...shape.sk.map(column("scalars")),
        ...shape.ik.map(column("integers")),
        ...shape.tk.map(column("strings")),
      ];
      this.#columnsShape = shape;
      this.#columnsLayout = signals.layout;
    }
    const columns = this.#columns, numbers = shape.sk.length + shape.ik.length;
    let at = w.claim(8 * numbers);
    for (let i = 0; i < numbers; i++, at += 8) w.f64At(at, columns[i]!.at(eid) as number);
    for (let i = numbers; i < columns.length; i++) w.str(columns[i]!.at(eid) as string);
  }

  /** A fresh copy of the context of live entity `id` as it is now, or undefined. */
  capture(id: number): EntityContextData | undefined {
    const ctx = this.context(id);
    if (ctx === undefined) return undefined;
    const snap = this.#world.entitySignals.get(eidOf(this.#world, id)!)?.snapshot();
    return {
      ...ctx,
      pos: ctx.pos && [ctx.pos[0], ctx.pos[1]],
      screenPos: ctx.screenPos && [ctx.screenPos[0], ctx.screenPos[1]],
      vel: ctx.vel && [ctx.vel[0], ctx.vel[1]],
      scale: ctx.scale && [ctx.scale[0], ctx.scale[1]],
      rect: ctx.rect && { ...ctx.rect },
      phase: ctx.phase && { ...ctx.phase },
      timer: ctx.timer && { ...ctx.timer },
      sprite: ctx.sprite && { ...ctx.sprite },
      animation: ctx.animation && { ...ctx.animation },
      liveSignals: undefined,
      signals: snap
        ? {
          scalars: snap.scalars,
          integers: snap.integers,
          strings: snap.strings,
          flags: Object.keys(snap.flags),
        }
        : { scalars: {}, integers: {}, strings: {}, flags: [] },
    };
  }
}
