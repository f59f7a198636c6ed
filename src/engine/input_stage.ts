/**
 * The input stage: this frame's events (replayed log, then the renderer)
 * become the input snapshot; console lines are set aside for pre_update;
 * everything is recorded when `--record` is on.
 *
 * @module
 */
import type { InputSnapshot } from "../input/actions.ts";
import type { InputEvent } from "../input/events.ts";
import type { KeyBindings } from "../input/bindings.ts";
import { InputBuilder } from "../input/input_builder.ts";
import type { InputLogEntry } from "../input/input_log.ts";
import { InputRecorder } from "../input/input_recorder.ts";
import { InputReplayer } from "../input/input_replayer.ts";
import type { RendererEvent } from "../core/render_types.ts";
import type { EngineLog } from "../state/log.ts";

/** What one frame's input produced. */
export interface FrameInput {
  /** The snapshot callbacks see. */
  snapshot: InputSnapshot;
  /** Console lines to run in pre_update, in order. */
  console: string[];
  /** The renderer asked to quit. */
  quit: boolean;
  /** The exit code the quit asked for (130 after Ctrl-C), 0 without one. */
  exitCode: number;
}

/**
 * Turns replayed and live events into per-frame input snapshots.
 *
 * @example
 * ```ts
 * import { InputStage } from "./input_stage.ts";
 * import { EngineLog } from "../state/log.ts";
 * const input = new InputStage({ log: new EngineLog(), inputLog: [{ frame: 0, press: ["up"] }] });
 * input.frame(0, []).snapshot.actions.up.just_pressed; // true
 * ```
 */
export class InputStage {
  #builder: InputBuilder;
  #replayer: InputReplayer | undefined;
  #recorder: InputRecorder | undefined;
  #log: EngineLog;
  #last: InputSnapshot | undefined;

  /**
   * Replay `inputLog` if given; record live input when `record` is set; keys
   * drive actions through `bindings` (default: the default bindings).
   */
  constructor(options: {
    log: EngineLog;
    inputLog?: readonly InputLogEntry[];
    record?: boolean;
    bindings?: KeyBindings;
  }) {
    this.#builder = new InputBuilder(options.bindings);
    this.#log = options.log;
    if (options.inputLog) this.#replayer = new InputReplayer([...options.inputLog]);
    if (options.record) this.#recorder = new InputRecorder();
  }

  /** The recorder, when recording. */
  get recorder(): InputRecorder | undefined {
    return this.#recorder;
  }

  /** The last snapshot built (an empty one before the first frame). */
  current(frame: number): InputSnapshot {
    return this.#last ??= this.#builder.endFrame(frame);
  }

  /** Build frame `frame`'s input from the log's events and the renderer's. */
  frame(frame: number, live: readonly RendererEvent[]): FrameInput {
    const events: InputEvent[] = [...(this.#replayer?.eventsFor(frame) ?? [])];
    let quit = false;
    let exitCode = 0;
    for (const e of live) {
      if (e.type === "quit") {
        quit = true;
        exitCode ||= e.exitCode ?? 0;
      } else if (e.type === "console") events.push({ type: "console", line: e.line });
      else if (e.type === "mouse") events.push({ type: "mouse", x: e.x, y: e.y });
      else events.push({ type: e.type, name: e.key });
    }
    const console: string[] = [];
    for (const e of events) {
      this.#recorder?.record(frame, e);
      if (e.type === "console") {
        console.push(e.line);
        continue;
      }
      try {
        this.#builder.apply(e);
      } catch (err) {
        this.#log.warn(`input: ${(err as Error).message}`);
      }
    }
    this.#last = this.#builder.endFrame(frame);
    return { snapshot: this.#last, console, quit, exitCode };
  }
}
