/**
 * Keyboard handling of the terminal renderer: bytes in, renderer events
 * out. It parses keys, synthesizes releases (see `key_hold.ts`), reserves
 * `q` and Ctrl-C for quitting and the backtick for the console prompt, which
 * takes all typing while open.
 *
 * @example
 * ```ts
 * import { KeyboardInput } from "./keyboard.ts";
 * const kb = new KeyboardInput();
 * kb.feed(new TextEncoder().encode("\x1b[C"), 0);
 * kb.poll(0); // [{ type: "press", key: "arrow_right" }]
 * kb.poll(1000); // [{ type: "release", key: "arrow_right" }]
 * ```
 *
 * @module
 */

import type { RendererEvent } from "../../core/render_types.ts";
import { ConsolePrompt } from "./console_prompt.ts";
import { type HoldTiming, HoldTracker } from "./key_hold.ts";
import { KeyParser, type KeyToken } from "./key_parser.ts";

/** The key that quits the terminal renderer; the game never sees it there. */
const QUIT_KEY = "q";

/** The key that opens the terminal renderer's console; the game never sees it there. */
const CONSOLE_KEY = "backquote";

/**
 * Keys the terminal renderer keeps for itself: a game binding one never gets it in the terminal.
 *
 * @example
 * ```ts
 * import { TERMINAL_KEYS } from "./keyboard.ts";
 * TERMINAL_KEYS.includes("q"); // true
 * ```
 */
export const TERMINAL_KEYS: readonly string[] = [QUIT_KEY, CONSOLE_KEY];

/** Options of {@linkcode KeyboardInput}. */
export interface KeyboardOptions {
  /** Release heuristic timing (see `key_hold.ts`). */
  hold?: Partial<HoldTiming>;
}

/**
 * Turns stdin bytes into {@linkcode RendererEvent}s. Time is passed in by
 * the caller so no timer is ever left running.
 *
 * @example
 * ```ts
 * import { KeyboardInput } from "./keyboard.ts";
 * const kb = new KeyboardInput();
 * kb.feed(new TextEncoder().encode("`help\r"), 0);
 * kb.poll(0); // [{ type: "console", line: "help" }]
 * kb.consoleOpen; // true (Escape closes it)
 * ```
 */
export class KeyboardInput {
  #parser = new KeyParser();
  #hold: HoldTracker;
  #prompt = new ConsolePrompt();
  #consoleOpen = false;
  #queue: RendererEvent[] = [];

  /** Create the input state: no key held, console closed. */
  constructor(options: KeyboardOptions = {}) {
    this.#hold = new HoldTracker(options.hold);
  }

  /** Whether the console prompt is open (typing goes to it, not the game). */
  get consoleOpen(): boolean {
    return this.#consoleOpen;
  }

  /** The prompt's line. */
  get promptText(): string {
    return this.#prompt.text;
  }

  /** The prompt's caret, in characters. */
  get promptCaret(): number {
    return this.#prompt.caret;
  }

  /**
   * Handle bytes read at time `now` (ms, any monotonic clock).
   *
   * @example
   * ```ts
   * import { KeyboardInput } from "./keyboard.ts";
   * const kb = new KeyboardInput();
   * kb.feed(new Uint8Array([0x71]), 0); // "q"
   * kb.poll(0); // [{ type: "quit" }]
   * ```
   */
  feed(bytes: Uint8Array, now: number): void {
    // Releases that lapsed before these bytes come first, so a key pressed
    // again after its hold ran out gives release then press, in order.
    this.#releaseDue(now);
    for (const token of this.#parser.feed(bytes)) this.#token(token, now);
  }

  /**
   * The events since the last poll, with releases that lapsed by `now`.
   *
   * @example
   * ```ts
   * import { KeyboardInput } from "./keyboard.ts";
   * new KeyboardInput().poll(0); // []
   * ```
   */
  poll(now: number): RendererEvent[] {
    this.#releaseDue(now);
    const out = this.#queue;
    this.#queue = [];
    return out;
  }

  #releaseDue(now: number): void {
    for (const key of this.#hold.due(now)) this.#queue.push({ type: "release", key });
  }

  #token(token: KeyToken, now: number): void {
    if (token.type === "interrupt") {
      // Ctrl-C ends the run as SIGINT would: exit code 128 + 2.
      this.#queue.push({ type: "quit", exitCode: 130 });
      return;
    }
    if (this.#consoleOpen) {
      this.#consoleToken(token);
      return;
    }
    if (token.type === "text") return;
    if (token.key === QUIT_KEY) {
      this.#queue.push({ type: "quit" });
    } else if (token.key === CONSOLE_KEY) {
      // Keys held when the console opens would otherwise stay down for the
      // game while the player types.
      for (const key of this.#hold.releaseAll()) this.#queue.push({ type: "release", key });
      this.#prompt.clear();
      this.#consoleOpen = true;
    } else if (this.#hold.hit(token.key, now)) {
      this.#queue.push({ type: "press", key: token.key });
    }
  }

  #consoleToken(token: Exclude<KeyToken, { type: "interrupt" }>): void {
    if (token.type === "key") {
      if (token.key === "escape") {
        this.#prompt.clear();
        this.#consoleOpen = false;
        return;
      }
      if (token.key === "enter") {
        const line = this.#prompt.submit();
        if (line !== "") this.#queue.push({ type: "console", line });
        return;
      }
      if (this.#prompt.edit(token.key)) return;
    }
    if (token.text !== "") this.#prompt.insert(token.text);
  }
}
