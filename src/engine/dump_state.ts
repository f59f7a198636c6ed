/**
 * The `--dump-state` file: the world at exit as JSON, so that runs
 * can be compared from outside the project.
 *
 * ```
 * { "frame", "scene",
 *   "signals": { "scalars", "integers", "strings", "flags": [..], "entities": {key: id} },
 *   "group_counts": {group: n},
 *   "entities": [{ "id", "groups", "position": [x, y], "velocity": [x, y],
 *                  "phase", "signals": { "scalars", "integers", "strings", "flags": [..] },
 *                  "zindex" }],
 *   "log": [{ "frame", "level", "message" }],
 *   "errors": [{ "frame", "callback", "entity", "message" }],
 *   "audio": [{ "frame", "action", "id" }],
 *   "profile": { "frames", "frame_ms",
 *                "callbacks": [{ "name", "kind", "calls", "total_ms", "mean_ms",
 *                                "instructions", "commands", "errors" }],
 *                "stages": [{ "stage", "runs", "total_ms", "mean_ms" }] },
 *   "hash" }
 * ```
 *
 * `profile` is there only when the profiler ran (`run --profile`, or the
 * console's `prof`): callbacks costliest first, stages in frame order.
 *
 * Canonical form: object keys sorted at every depth, `flags` and entity
 * `groups` sorted, `entities` sorted by id; `log`, `errors` and `audio` stay
 * in the order things happened.
 *
 * `hash` is the lowercase hex SHA-256 of the compact canonical JSON of
 * `{ frame, scene, signals, group_counts, entities }` (canonical form as
 * above). `log`, `errors`, `audio` and `profile` are reports of what happened,
 * not world state, so they are not hashed: two runs with the same world have the same
 * hash even if, say, a rate-limited log line differs.
 *
 * @example
 * ```ts
 * import { createDumpState, emptySignals } from "./dump_state.ts";
 * const dump = createDumpState({
 *   frame: 60, scene: "menu", signals: { ...emptySignals(), entities: {} },
 *   group_counts: {}, entities: [], log: [], errors: [], audio: [],
 * });
 * dump.hash.length; // 64
 * ```
 *
 * @module
 */

import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical_json.ts";

/**
 * Signal values of the world or of one entity. `flags` lists the set flags.
 *
 * @example
 * ```ts
 * import type { SignalSet } from "./dump_state.ts";
 * const none: SignalSet = { scalars: {}, integers: {}, strings: {}, flags: [] };
 * ```
 */
export interface SignalSet {
  /** Float signals. */
  scalars: Record<string, number>;
  /** Integer signals. */
  integers: Record<string, number>;
  /** String signals. */
  strings: Record<string, string>;
  /** Names of the flags that are set. */
  flags: string[];
}

/**
 * World signals: a {@linkcode SignalSet} plus the registered entity keys.
 *
 * @example
 * ```ts
 * import type { WorldSignalsDump } from "./dump_state.ts";
 * const world: WorldSignalsDump = {
 *   scalars: {},
 *   integers: { score: 30 },
 *   strings: { scene: "level" },
 *   flags: [],
 *   entities: { ball: 7 },
 * };
 * ```
 */
export interface WorldSignalsDump extends SignalSet {
  /** Entity keys (`register_as`, `set_entity`) -> entity id. */
  entities: Record<string, number>;
}

/**
 * One live entity.
 *
 * @example
 * ```ts
 * import type { EntityDump } from "./dump_state.ts";
 * const moved = (a: EntityDump, b: EntityDump) =>
 *   a.position[0] !== b.position[0] || a.position[1] !== b.position[1];
 * ```
 */
export interface EntityDump {
  /** Entity id as Lua sees it. */
  id: number;
  /** Groups the entity belongs to. */
  groups: string[];
  /** World position. */
  position: [number, number];
  /** Velocity (0, 0 without one). */
  velocity: [number, number];
  /** Current phase name, `null` without a phase machine. */
  phase: string | null;
  /** Entity signals (all empty without any). */
  signals: SignalSet;
  /** Draw order (0 by default). */
  zindex: number;
}

/**
 * One engine log line.
 *
 * @example
 * ```ts
 * import type { DumpState, LogDump } from "./dump_state.ts";
 * const warnings = (dump: DumpState): LogDump[] => dump.log.filter((l) => l.level === "warn");
 * ```
 */
export interface LogDump {
  /** Frame it was written on. */
  frame: number;
  /** `"debug"`, `"info"`, `"warn"` or `"error"`. */
  level: string;
  /** The text. */
  message: string;
}

/**
 * One failed callback.
 *
 * @example
 * ```ts
 * import type { ErrorDump } from "./dump_state.ts";
 * const where = (e: ErrorDump) => `${e.callback} (frame ${e.frame}): ${e.message}`;
 * ```
 */
export interface ErrorDump {
  /** Frame it failed on. */
  frame: number;
  /** Callback (Lua function) name. */
  callback: string;
  /** Entity the callback ran for, `null` for scene and global callbacks. */
  entity: number | null;
  /** Message with `file:line` and traceback. */
  message: string;
}

/**
 * One audio command that was applied.
 *
 * @example
 * ```ts
 * import type { AudioDump } from "./dump_state.ts";
 * const played: AudioDump = { frame: 3, action: "play_sound", id: "hit" };
 * ```
 */
export interface AudioDump {
  /** Frame it was applied on. */
  frame: number;
  /** `"play_music"`, `"play_sound"`, `"stop_all_music"`, `"stop_all_sounds"`. */
  action: string;
  /** Sound or music id, `null` for the stop-all actions. */
  id: string | null;
}

/**
 * What the callbacks of one function and kind cost while the profiler ran.
 *
 * @example
 * ```ts
 * import type { CallbackProfileDump } from "./dump_state.ts";
 * const mean = (c: CallbackProfileDump) => c.total_ms / Math.max(1, c.calls);
 * ```
 */
export interface CallbackProfileDump {
  /** The Lua function (a chunk's name for console `exec` and the like). */
  name: string;
  /** How it was called: `"phase update"`, `"timer"`, `"collision"`, `"scene update"`, ... */
  kind: string;
  /** Times it ran. */
  calls: number;
  /** Milliseconds in the Lua workers, summed over workers (see `run --profile`). */
  total_ms: number;
  /** `total_ms / calls`. */
  mean_ms: number;
  /** Instruction budget used (instructions plus the allocation charge), all calls. */
  instructions: number;
  /** Commands issued by the calls that succeeded. */
  commands: number;
  /** Calls that failed. */
  errors: number;
}

/**
 * Time one stage of the frame took while the profiler ran.
 *
 * @example
 * ```ts
 * import type { StageProfileDump } from "./dump_state.ts";
 * const slowest = (s: StageProfileDump[]) => s.toSorted((a, b) => b.total_ms - a.total_ms)[0];
 * ```
 */
export interface StageProfileDump {
  /** Stage name (`"input"`, `"scripts"`, `"apply"`, ...). */
  stage: string;
  /** Times it ran. */
  runs: number;
  /** Milliseconds, waits for the workers included. */
  total_ms: number;
  /** `total_ms / runs`. */
  mean_ms: number;
}

/**
 * The `profile` section: what callbacks and stages cost while the profiler ran.
 *
 * @example
 * ```ts
 * import type { ProfileDump } from "./dump_state.ts";
 * const costliest = (p: ProfileDump) => p.callbacks[0]?.name;
 * ```
 */
export interface ProfileDump {
  /** Frames run while it ran. */
  frames: number;
  /** Milliseconds those frames took. */
  frame_ms: number;
  /** Per callback function and kind, costliest (`total_ms`) first. */
  callbacks: CallbackProfileDump[];
  /** Per stage, in frame order. */
  stages: StageProfileDump[];
}

/**
 * The whole `--dump-state` document.
 *
 * @example
 * ```ts
 * import type { DumpState } from "./dump_state.ts";
 * const sameWorld = (a: DumpState, b: DumpState) => a.hash === b.hash;
 * ```
 */
export interface DumpState {
  /** Number of simulated frames. */
  frame: number;
  /** Current scene name. */
  scene: string;
  /** World signals. */
  signals: WorldSignalsDump;
  /** Tracked group -> live entity count. */
  group_counts: Record<string, number>;
  /** Live entities. */
  entities: EntityDump[];
  /** Engine log. */
  log: LogDump[];
  /** Callback errors. */
  errors: ErrorDump[];
  /** Audio commands. */
  audio: AudioDump[];
  /** What callbacks and stages cost, when the profiler ran. */
  profile?: ProfileDump;
  /** Digest of the world state (see the module docs). */
  hash: string;
}

/** A dump before its hash is computed. */
export type DumpStateInput = Omit<DumpState, "hash">;

/**
 * An empty {@linkcode SignalSet}.
 *
 * @example
 * ```ts
 * import { emptySignals } from "./dump_state.ts";
 * emptySignals().flags; // []
 * ```
 */
export function emptySignals(): SignalSet {
  return { scalars: {}, integers: {}, strings: {}, flags: [] };
}

const sorted = (list: readonly string[]) => [...list].sort();

function canonicalSignals<T extends SignalSet>(signals: T): T {
  return { ...signals, flags: sorted(signals.flags) };
}

/**
 * A copy of `dump` in canonical order (flags and groups sorted, entities by
 * id). Key order is handled when serializing.
 *
 * @example
 * ```ts
 * import { canonicalizeDumpState, emptySignals } from "./dump_state.ts";
 * const entity = (id: number) => ({
 *   id, groups: [], position: [0, 0] as [number, number], velocity: [0, 0] as [number, number],
 *   phase: null, signals: emptySignals(), zindex: 0,
 * });
 * const dump = canonicalizeDumpState({
 *   frame: 1, scene: "s", signals: { ...emptySignals(), entities: {} }, group_counts: {},
 *   entities: [entity(2), entity(1)], log: [], errors: [], audio: [],
 * });
 * dump.entities.map((e) => e.id); // [1, 2]
 * ```
 */
export function canonicalizeDumpState<T extends DumpStateInput>(dump: T): T {
  return {
    ...dump,
    signals: canonicalSignals(dump.signals),
    entities: dump.entities
      .map((e) => ({ ...e, groups: sorted(e.groups), signals: canonicalSignals(e.signals) }))
      .sort((a, b) => a.id - b.id),
  };
}

/**
 * The world-state digest of `dump` (see the module docs). Synchronous, so it
 * can run at exit and inside tests without awaiting.
 *
 * @example
 * ```ts
 * import { computeHash, emptySignals } from "./dump_state.ts";
 * const hash = computeHash({
 *   frame: 0, scene: "menu", signals: { ...emptySignals(), entities: {} },
 *   group_counts: {}, entities: [], log: [], errors: [], audio: [],
 * });
 * /^[0-9a-f]{64}$/.test(hash); // true
 * ```
 */
export function computeHash(dump: DumpStateInput): string {
  const { frame, scene, signals, group_counts, entities } = canonicalizeDumpState(dump);
  const world = { frame, scene, signals, group_counts, entities } as unknown as JsonValue;
  return createHash("sha256").update(canonicalJson(world)).digest("hex");
}

/**
 * The canonical dump of `input`, with its hash.
 *
 * @example
 * ```ts
 * import { createDumpState, emptySignals } from "./dump_state.ts";
 * createDumpState({
 *   frame: 3, scene: "level1", signals: { ...emptySignals(), flags: ["b", "a"], entities: {} },
 *   group_counts: { ball: 1 }, entities: [], log: [], errors: [], audio: [],
 * }).signals.flags; // ["a", "b"]
 * ```
 */
export function createDumpState(input: DumpStateInput): DumpState {
  const { hash: _stale, ...rest } = input as DumpStateInput & { hash?: string };
  const canonical = canonicalizeDumpState(rest);
  return { ...canonical, hash: computeHash(canonical) };
}

/**
 * The file text of `dump`: canonical, pretty-printed (2 spaces), ending in a
 * newline.
 *
 * @example
 * ```ts
 * import { createDumpState, emptySignals, stringifyDumpState } from "./dump_state.ts";
 * const text = stringifyDumpState(createDumpState({
 *   frame: 0, scene: "menu", signals: { ...emptySignals(), entities: {} },
 *   group_counts: {}, entities: [], log: [], errors: [], audio: [],
 * }));
 * JSON.parse(text).scene; // "menu"
 * ```
 */
export function stringifyDumpState(dump: DumpState): string {
  return `${canonicalJson(canonicalizeDumpState(dump) as unknown as JsonValue, 2)}\n`;
}

/**
 * Write `dump` to `path` in canonical form. The hash is recomputed, so the
 * file is always consistent with the state it describes.
 *
 * @example
 * ```ts
 * import { type DumpState, writeDumpState } from "./dump_state.ts";
 * declare const dump: DumpState; // what `Engine.dump()` returns
 * await writeDumpState("state.json", dump);
 * ```
 */
export async function writeDumpState(
  path: string,
  dump: DumpState | DumpStateInput,
): Promise<void> {
  await Deno.writeTextFile(path, stringifyDumpState(createDumpState(dump)));
}
