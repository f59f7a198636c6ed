/**
 * Replays an input log: for each frame, the ordered events of that frame.
 *
 * @example
 * ```ts
 * import { InputReplayer } from "./input_replayer.ts";
 * const replay = new InputReplayer([{ frame: 1, press: ["up"], console: "list" }]);
 * replay.eventsFor(0); // []
 * replay.eventsFor(1);
 * // [{ type: "press", name: "up" }, { type: "console", line: "list" }]
 * ```
 *
 * @module
 */

import type { InputEvent } from "./events.ts";
import type { InputLogEntry } from "./input_log.ts";

/**
 * The events of one entry, in the documented order: presses, releases,
 * mouse, console line.
 *
 * @example
 * ```ts
 * import { entryEvents } from "./input_replayer.ts";
 * entryEvents({ frame: 0, mouse: [1, 2] }); // [{ type: "mouse", x: 1, y: 2 }]
 * ```
 */
export function entryEvents(entry: InputLogEntry): InputEvent[] {
  const events: InputEvent[] = [];
  for (const name of entry.press ?? []) events.push({ type: "press", name });
  for (const name of entry.release ?? []) events.push({ type: "release", name });
  if (entry.mouse) events.push({ type: "mouse", x: entry.mouse[0], y: entry.mouse[1] });
  if (entry.console !== undefined) events.push({ type: "console", line: entry.console });
  return events;
}

/**
 * Indexes validated entries by frame (they apply by frame, then in the order
 * given, which `parseInputLog` keeps from the file).
 *
 * @example
 * ```ts
 * import { InputReplayer } from "./input_replayer.ts";
 * new InputReplayer([{ frame: 9 }]).lastFrame; // 9
 * ```
 */
export class InputReplayer {
  #byFrame = new Map<number, InputEvent[]>();
  #lastFrame = -1;

  /**
   * Index `entries` by frame.
   *
   * @param entries Validated entries, e.g. from `readInputLog`.
   */
  constructor(entries: readonly InputLogEntry[]) {
    const sorted = [...entries].sort((a, b) => a.frame - b.frame);
    for (const entry of sorted) {
      const list = this.#byFrame.get(entry.frame) ?? [];
      list.push(...entryEvents(entry));
      this.#byFrame.set(entry.frame, list);
      this.#lastFrame = Math.max(this.#lastFrame, entry.frame);
    }
  }

  /**
   * The last frame that has an entry, or -1 for an empty log.
   *
   * @example
   * ```ts
   * import { InputReplayer } from "./input_replayer.ts";
   * new InputReplayer([]).lastFrame; // -1
   * ```
   */
  get lastFrame(): number {
    return this.#lastFrame;
  }

  /**
   * The events of `frame`, in order (empty when there are none).
   *
   * @example
   * ```ts
   * import { InputReplayer } from "./input_replayer.ts";
   * new InputReplayer([{ frame: 0, release: ["x"] }]).eventsFor(0).length; // 1
   * ```
   */
  eventsFor(frame: number): readonly InputEvent[] {
    return this.#byFrame.get(frame) ?? [];
  }
}
