/**
 * The facts a collision stage sends with its batches, and whether the
 * components a callback read were the world's.
 *
 * Every applied callback may move something, so the components part that
 * `ecs.getComponent` reads would be written again for every batch. Games
 * whose collision callbacks do not read components never need it: until one
 * does, batches carry the part the stage started with, and a callback that
 * read it is kept only when it was the world's (else it runs again, and from
 * then on, this frame and later ones, each batch carries the part of its
 * turn).
 *
 * @module
 */
import { ComponentsPart } from "../lua/components_part.ts";
import type { GameState } from "../state/game_state.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import { componentBytes } from "./component_view.ts";

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
 * declare const facts: (worldUnchanged: boolean) => BatchFrame;
 * const state = createGameState();
 * const source = new CollisionFacts(state, facts, { version: 0 }, { readers: false });
 * const sent = source.next();
 * source.componentsCurrent(sent); // true: nothing was applied since
 * ```
 */
export class CollisionFacts {
  readonly #state: GameState;
  readonly #facts: (worldUnchanged: boolean) => BatchFrame;
  readonly #applied: { readonly version: number };
  readonly #memory: ReaderMemory;
  #seen = -1;
  // The applier's version each part was written at (parts made in this run).
  readonly #madeAt = new WeakMap<ComponentsPart, number>();
  #current: ComponentsPart | undefined;
  #currentAt = -1;

  /**
   * Facts from `facts` (`worldUnchanged`: nothing changed since its last
   * call); `applied.version` changes whenever an outcome is applied, the only
   * change to the world while the stage runs.
   */
  constructor(
    state: GameState,
    facts: (worldUnchanged: boolean) => BatchFrame,
    applied: { readonly version: number },
    memory: ReaderMemory,
  ) {
    this.#state = state;
    this.#facts = facts;
    this.#applied = applied;
    this.#memory = memory;
  }

  /** The facts to send now; their components part may be an earlier one (see above). */
  next(): BatchFrame {
    const version = this.#applied.version;
    const unchanged = !this.#memory.readers || version === this.#seen;
    this.#seen = version;
    const facts = this.#facts(unchanged);
    const part = facts.snapshot.components;
    if (!unchanged && part !== undefined) this.#madeAt.set(part, version);
    return facts;
  }

  /** A callback read components: from now on each batch carries the part of its turn. */
  sawReader(): void {
    if (this.#memory.readers) return;
    this.#memory.readers = true;
    this.refresh();
  }

  /** The next facts get a part written anew, even when nothing was applied since. */
  refresh(): void {
    this.#seen = -1;
  }

  /** Whether the components part of `sent` holds what the world holds now. */
  componentsCurrent(sent: BatchFrame): boolean {
    const part = sent.snapshot.components;
    if (part === undefined) return true;
    const version = this.#applied.version;
    if (this.#madeAt.get(part) === version) return true;
    if (this.#current === undefined || this.#currentAt !== version) {
      this.#current = new ComponentsPart(componentBytes(this.#state));
      this.#currentAt = version;
    }
    return part.sameAs(this.#current);
  }
}
