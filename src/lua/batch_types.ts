/**
 * Types of the batch protocol between the engine and its Lua states: one
 * request in, one result out, per worker per frame (see docs/architecture.md).
 *
 * @module
 */
import type { LiveSignals } from "./signal_shape.ts";
import type { LuaValue } from "./tagged_value.ts";
import type { ComponentReads, ComponentsPart } from "./components_part.ts";

/**
 * What kind of callback a request runs; decides its Lua arguments.
 *
 * @example
 * ```ts
 * import { CallbackKind } from "./batch_types.ts";
 * const k = CallbackKind.Timer; // fn(ctx, input)
 * ```
 */
export const CallbackKind = {
  /** `on_update_<scene>(input, dt)` */
  SceneUpdate: 1,
  /** phase enter `fn(ctx, input, dt)` */
  PhaseEnter: 2,
  /** phase update `fn(ctx, input, dt)`; a returned string is a transition */
  PhaseUpdate: 3,
  /** phase exit `fn(ctx, input, dt)` */
  PhaseExit: 4,
  /** timer `fn(ctx, input)` */
  Timer: 5,
  /** menu `fn({menu_id, item_id, item_index})` */
  Menu: 6,
  /** CVar handler `fn(name, old, new)` */
  CVar: 7,
  /** collision rule `fn(ctx)` with `ctx.a`, `ctx.b`, `ctx.sides` */
  Collision: 8,
  /** a named global with plain arguments (`on_setup()`, `on_switch_scene(s)`) */
  Call: 9,
  /** a chunk of Lua text (game load, console `exec`) */
  Chunk: 10,
} as const;

/** One of the {@linkcode CallbackKind} values. */
export type CallbackKind = typeof CallbackKind[keyof typeof CallbackKind];

/** Entity signals as Lua sees them in contexts. */
export interface SignalsData {
  /** Float signals. */
  scalars: Readonly<Record<string, number>>;
  /** Integer signals. */
  integers: Readonly<Record<string, number>>;
  /** String signals. */
  strings: Readonly<Record<string, string>>;
  /** Set flags. */
  flags: readonly string[];
}

/** The entity part of a callback context; absent fields are nil in Lua. */
export interface EntityContextData {
  /** Public entity id. */
  id: number;
  /** First group of the entity. */
  group?: string;
  /** World position. */
  pos?: readonly [number, number];
  /** Screen position (screen-space entities). */
  screenPos?: readonly [number, number];
  /** Velocity; `speed_sq` is derived from it in Lua. */
  vel?: readonly [number, number];
  /** Whether physics is frozen. */
  frozen?: boolean;
  /** Rotation in degrees. */
  rotation?: number;
  /** Scale factors. */
  scale?: readonly [number, number];
  /** Collider box in world space. */
  rect?: { x: number; y: number; w: number; h: number };
  /** Current phase and seconds spent in it. */
  phase?: { name: string; time: number; previous?: string };
  /** Lua timer state. */
  timer?: { duration: number; elapsed: number; callback: string };
  /** Entity signals. */
  signals?: SignalsData;
  /**
   * The entity's live signals, read as the context is encoded (instead of
   * `signals`; the engine's contexts built from the world use this).
   */
  liveSignals?: LiveSignals;
  /** Sprite info. */
  sprite?: { texture: string; flipH: boolean; flipV: boolean };
  /** Animation state. */
  animation?: { key: string; frame: number; elapsed: number };
}

/**
 * An entity context, or the id of a live entity whose context the encoder
 * reads from its context source (`EntityContextSource` in batch_codec.ts) as it writes the request
 * (no object per callback).
 */
export type EntityRef = EntityContextData | number;

/** Which sides of a collider touched, as a bitmask. */
export const Side = { Top: 1, Bottom: 2, Left: 4, Right: 8 } as const;

/** Fields every callback request has. */
export interface RequestBase {
  /** Position of this callback in the frame's deterministic order. */
  index: number;
  /** Two 32-bit words for `math.randomseed`. */
  seed: readonly [number, number];
}

/** One callback to run. */
export type CallbackRequest =
  | RequestBase & { kind: typeof CallbackKind.SceneUpdate; fn: string }
  | RequestBase & {
    kind:
      | typeof CallbackKind.PhaseEnter
      | typeof CallbackKind.PhaseUpdate
      | typeof CallbackKind.PhaseExit
      | typeof CallbackKind.Timer;
    fn: string;
    ctx: EntityRef;
  }
  | RequestBase & {
    kind: typeof CallbackKind.Menu;
    fn: string;
    menu: { menuId: number; itemId: string; itemIndex: number };
  }
  | RequestBase & {
    kind: typeof CallbackKind.CVar;
    fn: string;
    args: readonly [string, string, string];
  }
  | RequestBase & {
    kind: typeof CallbackKind.Collision;
    fn: string;
    a: EntityRef;
    b: EntityRef;
    sides: { a: number; b: number };
  }
  | RequestBase & { kind: typeof CallbackKind.Call; fn: string; args: readonly LuaValue[] }
  | RequestBase & { kind: typeof CallbackKind.Chunk; source: string; chunkName: string };

/** The world as Lua reads it through `engine.get_*` (see docs/architecture.md). */
export interface SnapshotData {
  /** World float signals. */
  scalars: Readonly<Record<string, number>>;
  /** World integer signals. */
  integers: Readonly<Record<string, number>>;
  /** World string signals. */
  strings: Readonly<Record<string, string>>;
  /** Set world flags. */
  flags: readonly string[];
  /** Registered entity keys. */
  entities: Readonly<Record<string, number>>;
  /** Tracked groups and their live counts. */
  groups: Readonly<Record<string, number>>;
  /** Known asset keys by kind (texture, font, sound, music, shader, tilemap, animation). */
  assets: Readonly<Record<string, readonly string[]>>;
  /** CVar definitions and values for `cvar.get` and call-site validation. */
  cvars: Readonly<Record<string, LuaValue>>;
  /** Input for the `input` module: `{ pressed = {name = true}, mouse = {x =, y =} }`. */
  input: LuaValue;
  /**
   * Every entity's components for `ecs.getComponent` (Lua reads
   * `snap.components[id][name]`); only sent for games that call it.
   */
  components?: ComponentsPart;
}

/** A whole batch for one Lua state. */
export interface BatchRequest {
  /** Simulation frame number. */
  frame: number;
  /** Fixed timestep in seconds. */
  dt: number;
  /** The snapshot, when it changed since this state last saw one. */
  snapshot?: SnapshotData;
  /**
   * Id of the snapshot the callbacks must see (0: no check). Sent with a
   * snapshot, the state remembers it; sent alone, the state refuses the batch
   * (a Lua error "stale snapshot") unless it holds that id.
   */
  snapshotId?: number;
  /** The input table for this frame (`input.digital.<action>.pressed`, `input.mouse`). */
  input?: LuaValue;
  /** Id of the input table, with the same rule as `snapshotId`. */
  inputId?: number;
  /** Callbacks in deterministic order. */
  callbacks: readonly CallbackRequest[];
  /**
   * Ask for what the callbacks cost (see batch_profile.ts); `"each"`: each
   * callback's cost on its own, in order.
   */
  profile?: boolean | "each";
}

/** A line a callback logged (`engine.log*`, `print`). */
export interface LoggedLine {
  /** Severity. */
  level: "debug" | "info" | "warn" | "error";
  /** Text; for a hint, its code (a {@linkcode HintCode} value). */
  message: string;
  /** A mistake the runtime noticed in the callback, for the engine to word with the game's source. */
  hint?: boolean;
}

/**
 * Mistakes the runtime reports as hint lines (the log level byte
 * `HINT_LEVEL`), by code; the engine words them.
 *
 * @example
 * ```ts
 * import { HintCode } from "./batch_types.ts";
 * HintCode.UnbuiltBuilder; // "unbuilt_builder"
 * ```
 */
export const HintCode = {
  /** The callback made a builder (`engine.spawn()`, `engine.clone()`) and did not build it. */
  UnbuiltBuilder: "unbuilt_builder",
} as const;

/**
 * Log level byte of a hint line (after debug, info, warn, error).
 *
 * @example
 * ```ts
 * import { HINT_LEVEL } from "./batch_types.ts";
 * HINT_LEVEL; // 4
 * ```
 */
export const HINT_LEVEL = 4;

/** The outcome of one callback; `logs` are kept whether it failed or not. */
export type CallbackResult =
  | {
    /** The request's index. */
    index: number;
    /** It ran to the end. */
    ok: true;
    /** Its encoded commands (see src/api codec). */
    commands: Uint8Array;
    /** A string it returned (a phase name from an update callback), else undefined. */
    returned?: string;
    /** Lines it logged, in order. */
    logs: LoggedLine[];
    /** The entities whose components it read (`ecs.getComponent`), if any; listed for collision callbacks only. */
    componentReads?: ComponentReads;
  }
  | {
    /** The request's index. */
    index: number;
    /** It failed; its commands were discarded as a unit. */
    ok: false;
    /** Message with `file:line` and traceback. */
    error: string;
    /** Lines it logged before failing, in order. */
    logs: LoggedLine[];
    /** The entities whose components it read (`ecs.getComponent`), if any; listed for collision callbacks only. */
    componentReads?: ComponentReads;
  };

/**
 * Most world-signal writes of one collision callback the runtime keeps for
 * the later callbacks of its batch (in tables sized once, so keeping one
 * never allocates: an out-of-memory error caught by the game between a
 * command and its copy would part them). The engine counts a callback with
 * more as changing anything.
 *
 * @example
 * ```ts
 * import { MAX_MIRRORED_WRITES } from "./batch_types.ts";
 * MAX_MIRRORED_WRITES; // 64
 * ```
 */
export const MAX_MIRRORED_WRITES = 64;
