/**
 * What applying a callback's commands changes that a later collision callback
 * could read: the collision stage runs callbacks in batches and keeps an
 * outcome only while nothing applied before it could have reached it.
 *
 * @module
 */
import {
  type Category,
  type Command,
  FUNCTIONS,
  qualifiedName,
  type SignalWrite,
} from "../api/mod.ts";
import { MAX_MIRRORED_WRITES } from "../lua/batch_types.ts";

/**
 * Parameters holding entity ids, per command name.
 *
 * @example
 * ```ts
 * import { ID_PARAMS } from "./reach.ts";
 * ID_PARAMS.get("entity_set_velocity"); // ["id"]
 * ```
 */
export const ID_PARAMS: ReadonlyMap<string, readonly string[]> = new Map(
  FUNCTIONS.filter((f) => f.kind === "command").map((f) => [
    qualifiedName(f),
    f.params.filter((p) => p.type === "id").map((p) => p.name),
  ]),
);

const SIGNAL_WRITES: ReadonlyMap<string, SignalWrite> = new Map(
  FUNCTIONS.flatMap((f) => f.signalWrite ? [[qualifiedName(f), f.signalWrite]] : []),
);

/**
 * One world-signal write: `value` is what the signal holds afterwards,
 * `undefined` when the write removed it (`true` for a set flag).
 *
 * @example
 * ```ts
 * import type { WorldWrite } from "./reach.ts";
 * const w: WorldWrite = { part: "integers", key: "score", value: 3 };
 * ```
 */
export interface WorldWrite {
  /** The snapshot part (world signal kind). */
  readonly part: SignalWrite["part"];
  /** Signal key. */
  readonly key: string;
  /** The value afterwards. */
  readonly value: number | string | true | undefined;
}

/**
 * What applying some commands can change that a callback reads: the
 * entities they name, and world-signal writes in issue order.
 *
 * @example
 * ```ts
 * import type { Reach } from "./reach.ts";
 * const r: Reach = { entities: [4], writes: [] };
 * ```
 */
export interface Reach {
  /** Entities the commands may change, by id. */
  readonly entities: readonly number[];
  /** World-signal writes the commands make, in issue order. */
  readonly writes: readonly WorldWrite[];
}

// Categories whose commands change nothing a callback reads but snapshot parts (which the
// collision stage compares): sounds and the camera are not readable; a spawn or a clone makes a
// new entity (counted in a tracked group's size, in the snapshot) and changes no other.
const READS_NOTHING: ReadonlySet<Category> = new Set(["audio", "camera", "spawn", "clone"]);
// Categories whose commands change only the entities they name: entity commands and phase
// transitions.
const NAMED: ReadonlySet<Category> = new Set(["entity", "phase"]);

// Text that went through a lossy decoding may have been other bytes in Lua:
// the runtime's copy of the write may differ from the engine's.
const REPLACED = "\uFFFD";

function writeOf(cmd: Command, write: SignalWrite): WorldWrite | undefined {
  const args = cmd.args as Readonly<Record<string, unknown>>;
  const key = args.key as string;
  const value = write.clear
    ? undefined
    : write.part === "flags"
    ? true
    : args.value as number | string;
  // Integers are kept with -0 as 0 (Signals.setInteger).
  const kept = write.part === "integers" && typeof value === "number" ? value + 0 : value;
  if (key.includes(REPLACED) || (typeof kept === "string" && kept.includes(REPLACED))) {
    return undefined;
  }
  return { part: write.part, key, value: kept };
}

/**
 * What applying `commands` can change that a later callback reads, or
 * undefined when it may be more than entities and world signals. Entity
 * commands and phase transitions change only the entities they name;
 * world-signal sets and clears change their key (up to `MAX_MIRRORED_WRITES`
 * of them); sounds, the camera, spawns and clones change nothing a callback
 * reads but snapshot parts (a tracked group's size), which the collision
 * stage compares anyway. Anything else (assets, groups, named
 * entities, CVars ...) may change anything.
 *
 * @example
 * ```ts
 * import { commandReach } from "./reach.ts";
 * const cmd = {
 *   op: 0, name: "entity_set_velocity", category: "entity", collision: true, args: { id: 4, vx: 1, vy: 0 },
 * } as const;
 * console.assert(commandReach([cmd])?.entities[0] === 4);
 * ```
 */
export function commandReach(commands: readonly Command[]): Reach | undefined {
  const entities: number[] = [];
  const writes: WorldWrite[] = [];
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i]!;
    if (READS_NOTHING.has(cmd.category)) continue;
    const write = SIGNAL_WRITES.get(cmd.name);
    if (write !== undefined) {
      const w = writeOf(cmd, write);
      if (w === undefined) return undefined;
      writes.push(w);
      continue;
    }
    const names = ID_PARAMS.get(cmd.name);
    if (!NAMED.has(cmd.category) || names === undefined || names.length === 0) return undefined;
    const args = cmd.args as Readonly<Record<string, unknown>>;
    for (const name of names) entities.push(args[name] as number);
  }
  // The runtime keeps no more for the callbacks after.
  if (writes.length > MAX_MIRRORED_WRITES) return undefined;
  return { entities, writes };
}
