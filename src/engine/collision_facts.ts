/**
 * The facts a collision stage sends with its batches, and whether the
 * components a callback read were the world's.
 *
 * Every applied callback may move something, so the components part that
 * `ecs.getComponent` reads would have to be written again for every batch,
 * although most callbacks read none of it, or a few entities no earlier
 * callback changed. So batches carry the part they were given, written anew
 * when the stage starts (for games whose collision callbacks read
 * components), and for every batch once a callback was dropped for reading
 * an entity that had changed; a callback that read components is kept only
 * while each entity it read is as the world holds it (the runtime lists
 * them), else it runs again with the part of its turn.
 *
 * Checking an entity against the world means writing its record again (about
 * half a microsecond), so each part written in this run keeps the entities
 * the outcomes applied since may have changed (their reach): an entity none
 * of them named is as the part holds it, and only the others are checked.
 *
 * @module
 */
import { sameBytes } from "../lua/bytes.ts";
import type { ComponentReads, ComponentsPart } from "../lua/components_part.ts";
import type { Reach } from "../commands/mod.ts";
import type { GameState } from "../state/game_state.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import { componentRecord, componentsPart } from "./component_view.ts";

/** A part written in this run, and the entities changed since (undefined: maybe any). */
interface Tracked {
  readonly part: ComponentsPart;
  touched: Set<number> | undefined;
}

// Parts whose changed entities are kept: the batch running and the one looked ahead at carry at
// most two (an older part is checked entity by entity).
const TRACKED = 2;

/** What a collision stage keeps from one frame to the next. */
export interface ReaderMemory {
  /** A collision callback of the game has read components. */
  readers: boolean;
}

/**
 * The facts of one collision stage run.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { CollisionFacts } from "./collision_facts.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * declare const facts: (keepComponents: boolean) => BatchFrame;
 * const state = createGameState();
 * const source = new CollisionFacts(state, facts, { version: 0 }, { readers: false });
 * const sent = source.next();
 * source.readsCurrent(sent, [1]); // whether entity 1 is as sent
 * ```
 */
export class CollisionFacts {
  readonly #state: GameState;
  readonly #facts: (keepComponents: boolean) => BatchFrame;
  readonly #applied: { readonly version: number };
  readonly #memory: ReaderMemory;
  // Every batch carries the components of its turn (after a stale read).
  #everyTurn = false;
  #fresh: boolean;
  // The applier's version the last part was written anew at.
  #lastMade = -1;
  // The applier's version each part was written anew at, in this run.
  readonly #madeAt = new WeakMap<ComponentsPart, number>();
  #whole: ComponentsPart | undefined;
  #wholeAt = -1;
  // The last parts written anew, newest last.
  readonly #tracked: Tracked[] = [];

  /**
   * Facts from `facts` (`keepComponents`: keep the components part of its
   * last call, else make one written when first read); `applied.version`
   * changes whenever an outcome is applied, the only change to the world
   * while the stage runs.
   */
  constructor(
    state: GameState,
    facts: (keepComponents: boolean) => BatchFrame,
    applied: { readonly version: number },
    memory: ReaderMemory,
  ) {
    this.#state = state;
    this.#facts = facts;
    this.#applied = applied;
    this.#memory = memory;
    this.#fresh = memory.readers;
  }

  /** The facts to send now; their components part may be an earlier one (see above). */
  next(): BatchFrame {
    const version = this.#applied.version;
    const fresh = this.#fresh || (this.#everyTurn && version !== this.#lastMade);
    this.#fresh = false;
    const facts = this.#facts(!fresh);
    const part = facts.snapshot.components;
    if (fresh) this.#lastMade = version;
    if (fresh && part !== undefined) {
      this.#madeAt.set(part, version);
      this.#tracked.push({ part, touched: new Set() });
      if (this.#tracked.length > TRACKED) this.#tracked.shift();
    }
    return facts;
  }

  /**
   * An outcome was applied: `reach` is what it may have changed (undefined: anything), `makes`
   * whether it made entities (whose records a part written earlier lacks).
   */
  applied(reach: Reach | undefined, makes: boolean): void {
    for (const t of this.#tracked) {
      if (t.touched === undefined) continue;
      if (reach === undefined || makes) t.touched = undefined;
      else for (const id of reach.entities) t.touched.add(id);
    }
  }

  /**
   * Whether {@linkcode CollisionFacts.next} keeps the components part it
   * gave last (it writes it anew at a stage's start once readers were seen,
   * and on every turn after a stale read).
   */
  get steady(): boolean {
    return !this.#fresh && !this.#everyTurn;
  }

  /**
   * A callback was dropped for reading an entity that had changed: from now
   * on each batch carries the components as the world holds them then.
   */
  refresh(): void {
    this.#fresh = this.#everyTurn = true;
  }

  /**
   * Whether what a callback read (`reads`) of the components `sent` carried
   * is what the world holds now. Remembers that the game's collision
   * callbacks read components.
   */
  readsCurrent(sent: BatchFrame, reads: ComponentReads): boolean {
    this.#memory.readers = true;
    const part = sent.snapshot.components;
    const version = this.#applied.version;
    if (part === undefined || this.#madeAt.get(part) === version) return true;
    if (reads !== "any") {
      const touched = this.#tracked.find((t) => t.part === part)?.touched;
      return reads.every((id) =>
        (touched !== undefined && !touched.has(id)) ||
        sameBytes(part.record(id), componentRecord(this.#state, id))
      );
    }
    if (this.#whole === undefined || this.#wholeAt !== version) {
      this.#whole = componentsPart(this.#state);
      this.#wholeAt = version;
    }
    return part.sameAs(this.#whole);
  }
}
