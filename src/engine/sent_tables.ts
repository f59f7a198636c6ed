/**
 * The snapshot and input tables as states hold them: each encoded once per
 * change with an id, and per state the ids it was last sent, so a table goes
 * to a state only when it does not hold it yet. A replaced worker's states
 * start empty.
 *
 * @module
 */
import { writeSnapshot } from "../lua/batch_head.ts";
import type { SnapshotData } from "../lua/batch_types.ts";
import { ByteWriter, sameBytes } from "../lua/bytes.ts";
import type { StateHandle } from "../lua/host_options.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import { type LuaValue, writeValue } from "../lua/tagged_value.ts";

/**
 * One encoded table (snapshot or input) and its id; the id changes only when
 * the bytes do, so states that hold it are not sent it again. The object
 * last encoded is kept: handed the same one again (the engine's
 * `SnapshotCache` does so until something changes), nothing is encoded,
 * which is most of a collision round trip's TypeScript work otherwise.
 */
class Versioned {
  bytes: Uint8Array = new Uint8Array(0);
  id = 0;
  #w = new ByteWriter(1024);
  #source: unknown;

  update(source: unknown, write: (w: ByteWriter) => void): void {
    if (this.id !== 0 && source === this.#source) return;
    this.#w.reset();
    write(this.#w);
    // Only once written: a write that throws must not leave the old bytes under the new source.
    this.#source = source;
    const view = this.#w.view();
    if (this.id !== 0 && sameBytes(view, this.bytes)) return;
    this.bytes = view.slice();
    this.id = this.id >= 0x7fffffff ? 1 : this.id + 1;
  }
}

/**
 * What a state holds: ids of the snapshot and input it was last sent.
 *
 * @example
 * ```ts
 * import type { Held } from "./sent_tables.ts";
 * const held: Held = { snapshot: 3, input: 7 };
 * ```
 */
export interface Held {
  snapshot: number;
  input: number;
}

/**
 * The snapshot and input one run sends: fixed for the run, so its retries send the same.
 *
 * @example
 * ```ts
 * import type { Sending } from "./sent_tables.ts";
 * const send: Sending = {
 *   snapshot: { id: 1, bytes: new Uint8Array(0) },
 *   input: { id: 1, bytes: new Uint8Array(0) },
 * };
 * ```
 */
export interface Sending {
  snapshot: { id: number; bytes: Uint8Array };
  input: { id: number; bytes: Uint8Array };
}

/**
 * The encoded tables and which state holds which.
 *
 * @example
 * ```ts
 * import type { StateHandle } from "../lua/host_options.ts";
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import type { SnapshotData } from "../lua/batch_types.ts";
 * import { SentTables } from "./sent_tables.ts";
 * declare const host: LuaHost, handle: StateHandle, snapshot: SnapshotData;
 * const tables = new SentTables(host);
 * const send = tables.refresh(snapshot, {});
 * if (tables.held(handle)?.snapshot !== send.snapshot.id) {
 *   // send the snapshot's bytes along; once the state answered:
 *   tables.sent(handle, send);
 * }
 * ```
 */
export class SentTables {
  #host: LuaHost;
  #snapshot = new Versioned();
  #input = new Versioned();
  #held = new Map<StateHandle, Held>();
  #crashes: number;

  /** Track the tables sent to `host`'s states. */
  constructor(host: LuaHost) {
    this.#host = host;
    this.#crashes = host.crashes;
  }

  /** Encode `snapshot` and `input` where they changed; what a run sends. */
  refresh(snapshot: SnapshotData, input: LuaValue): Sending {
    this.#snapshot.update(snapshot, (w) => writeSnapshot(w, snapshot));
    this.#input.update(input, (w) => writeValue(w, input));
    // A replaced worker's states start empty.
    if (this.#host.crashes !== this.#crashes) {
      this.#crashes = this.#host.crashes;
      this.#held.clear();
    }
    const snap = this.#snapshot, inp = this.#input;
    return {
      snapshot: { id: snap.id, bytes: snap.bytes },
      input: { id: inp.id, bytes: inp.bytes },
    };
  }

  /** What `handle`'s state holds, when known. */
  held(handle: StateHandle): Held | undefined {
    return this.#held.get(handle);
  }

  /** Record that `handle`'s state holds the tables of `send`. */
  sent(handle: StateHandle, send: Sending): void {
    this.#held.set(handle, { snapshot: send.snapshot.id, input: send.input.id });
  }

  /** Forget what `handle`'s state holds (it refused a batch, or failed). */
  forget(handle: StateHandle): void {
    this.#held.delete(handle);
  }
}
