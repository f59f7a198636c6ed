/**
 * Records live input events in the input log format (`--record FILE`).
 *
 * @example
 * ```ts
 * import { InputRecorder } from "./input_recorder.ts";
 * const rec = new InputRecorder();
 * rec.record(0, { type: "press", name: "space" });
 * rec.record(3, { type: "release", name: "space" });
 * rec.entries();
 * // [{ frame: 0, press: ["space"] }, { frame: 3, release: ["space"] }]
 * ```
 *
 * @module
 */

import type { InputEvent } from "./events.ts";
import { type InputLogEntry, stringifyInputLog } from "./input_log.ts";

/** Position of each event kind inside one entry (see `input_log.ts`). */
const RANK: Readonly<Record<InputEvent["type"], number>> = {
  press: 0,
  release: 1,
  mouse: 2,
  console: 3,
};

/** A reload entry stands alone: nothing joins it. */
const RELOAD_RANK = Infinity;

interface OpenEntry {
  frame: number;
  rank: number;
  reload?: string[];
  sources?: Record<string, string | null>;
  press?: string[];
  release?: string[];
  mouse?: [number, number];
  console?: string;
}

/**
 * Collects events frame by frame. An event joins the current entry when it
 * has the same frame and would replay in the same place (entries replay
 * presses, releases, mouse, console in that order); otherwise it starts a new
 * entry. So replaying the recording gives back exactly the recorded events.
 *
 * @example
 * ```ts
 * import { InputRecorder } from "./input_recorder.ts";
 * const rec = new InputRecorder();
 * rec.record(0, { type: "release", name: "up" });
 * rec.record(0, { type: "press", name: "down" }); // after a release: new entry
 * rec.entries().length; // 2
 * ```
 */
export class InputRecorder {
  #entries: OpenEntry[] = [];

  /**
   * Record `event` as happening on `frame`. Frames must not go backwards.
   *
   * @example
   * ```ts
   * import { InputRecorder } from "./input_recorder.ts";
   * new InputRecorder().record(0, { type: "mouse", x: 5, y: 6 });
   * ```
   */
  record(frame: number, event: InputEvent): void {
    const last = this.#entries[this.#entries.length - 1];
    if (last !== undefined && frame < last.frame) {
      throw new RangeError(`Recorded frame ${frame} is before frame ${last.frame}`);
    }
    const rank = RANK[event.type];
    // Mouse and console hold a single value per entry, hence the strict `<`.
    const fits = last !== undefined && last.frame === frame &&
      (last.rank < rank || (last.rank === rank && rank < RANK.mouse));
    const entry = fits ? last : { frame, rank };
    if (!fits) this.#entries.push(entry);
    entry.rank = rank;
    switch (event.type) {
      case "press":
        (entry.press ??= []).push(event.name);
        break;
      case "release":
        (entry.release ??= []).push(event.name);
        break;
      case "mouse":
        entry.mouse = [event.x, event.y];
        break;
      case "console":
        entry.console = event.line;
        break;
    }
  }

  /**
   * Record a reload of the game's scripts at the boundary before `frame`: the Lua files that
   * had changed and, when given, their text as loaded (`null` for a deleted file). Frames must
   * not go backwards.
   *
   * @example
   * ```ts
   * import { InputRecorder } from "./input_recorder.ts";
   * const rec = new InputRecorder();
   * rec.recordReload(30, { "main.lua": "function on_update_menu() end" });
   * rec.entries(); // [{ frame: 30, reload: ["main.lua"], sources: { "main.lua": "function ..." } }]
   * ```
   */
  recordReload(frame: number, sources: Readonly<Record<string, string | null>>): void {
    const last = this.#entries[this.#entries.length - 1];
    if (last !== undefined && frame < last.frame) {
      throw new RangeError(`Recorded frame ${frame} is before frame ${last.frame}`);
    }
    this.#entries.push({
      frame,
      rank: RELOAD_RANK,
      reload: Object.keys(sources),
      sources: { ...sources },
    });
  }

  /**
   * The recorded entries, in the input log format.
   *
   * @example
   * ```ts
   * import { InputRecorder } from "./input_recorder.ts";
   * new InputRecorder().entries(); // []
   * ```
   */
  entries(): InputLogEntry[] {
    return this.#entries.map(({ rank: _rank, ...entry }) => structuredClone(entry));
  }

  /**
   * The recording as input log text.
   *
   * @example
   * ```ts
   * import { InputRecorder } from "./input_recorder.ts";
   * new InputRecorder().toJson(); // "[]\n"
   * ```
   */
  toJson(): string {
    return stringifyInputLog(this.entries());
  }

  /**
   * Write the recording to `path`.
   *
   * @example
   * ```ts
   * import { InputRecorder } from "./input_recorder.ts";
   * await new InputRecorder().write("recording.json");
   * ```
   */
  async write(path: string): Promise<void> {
    await Deno.writeTextFile(path, this.toJson());
  }
}
