/**
 * The one-line console prompt: a text buffer with a caret, the usual
 * editing keys and a short history.
 *
 * @example
 * ```ts
 * import { ConsolePrompt } from "./console_prompt.ts";
 * const p = new ConsolePrompt();
 * p.insert("get r_fov");
 * p.submit(); // "get r_fov"
 * p.text; // ""
 * ```
 *
 * @module
 */

/**
 * Prompt state. Positions count UTF-16 code units of whole characters
 * (editing moves by code point).
 *
 * @example
 * ```ts
 * import { ConsolePrompt } from "./console_prompt.ts";
 * const p = new ConsolePrompt();
 * p.insert("st");
 * p.edit("home");
 * p.insert("li");
 * p.text; // "list"
 * ```
 */
export class ConsolePrompt {
  #chars: string[] = [];
  #caret = 0;
  #history: string[] = [];
  /** Index into history while browsing; history.length = the line being typed. */
  #browse = 0;
  #maxHistory: number;

  /** Create an empty prompt keeping up to `maxHistory` submitted lines. */
  constructor(maxHistory = 50) {
    this.#maxHistory = maxHistory;
  }

  /** The line being typed. */
  get text(): string {
    return this.#chars.join("");
  }

  /** Caret position in characters (0 = before the first). */
  get caret(): number {
    return this.#caret;
  }

  /**
   * Insert text at the caret.
   *
   * @example
   * ```ts
   * import { ConsolePrompt } from "./console_prompt.ts";
   * const p = new ConsolePrompt();
   * p.insert("ab");
   * p.caret; // 2
   * ```
   */
  insert(text: string): void {
    const chars = [...text];
    this.#chars.splice(this.#caret, 0, ...chars);
    this.#caret += chars.length;
  }

  /**
   * Apply an editing key: `backspace`, `delete`, `arrow_left`,
   * `arrow_right`, `home`, `end`, `arrow_up` / `arrow_down` (history).
   * Returns false for keys that do not edit.
   *
   * @example
   * ```ts
   * import { ConsolePrompt } from "./console_prompt.ts";
   * const p = new ConsolePrompt();
   * p.insert("abc");
   * p.edit("arrow_left");
   * p.edit("backspace");
   * p.text; // "ac"
   * ```
   */
  edit(key: string): boolean {
    switch (key) {
      case "backspace":
        if (this.#caret > 0) this.#chars.splice(--this.#caret, 1);
        return true;
      case "delete":
        this.#chars.splice(this.#caret, 1);
        return true;
      case "arrow_left":
        this.#caret = Math.max(0, this.#caret - 1);
        return true;
      case "arrow_right":
        this.#caret = Math.min(this.#chars.length, this.#caret + 1);
        return true;
      case "home":
        this.#caret = 0;
        return true;
      case "end":
        this.#caret = this.#chars.length;
        return true;
      case "arrow_up":
        this.#recall(this.#browse - 1);
        return true;
      case "arrow_down":
        this.#recall(this.#browse + 1);
        return true;
      default:
        return false;
    }
  }

  /**
   * Take the line (empty string when blank), clear the prompt and remember
   * a non-blank line in the history.
   *
   * @example
   * ```ts
   * import { ConsolePrompt } from "./console_prompt.ts";
   * const p = new ConsolePrompt();
   * p.insert("help");
   * p.submit();
   * p.edit("arrow_up");
   * p.text; // "help"
   * ```
   */
  submit(): string {
    const line = this.text;
    if (line.trim() !== "" && this.#history.at(-1) !== line) {
      this.#history.push(line);
      if (this.#history.length > this.#maxHistory) this.#history.shift();
    }
    this.clear();
    return line.trim() === "" ? "" : line;
  }

  /**
   * Empty the line (history kept).
   *
   * @example
   * ```ts
   * import { ConsolePrompt } from "./console_prompt.ts";
   * const p = new ConsolePrompt();
   * p.insert("x");
   * p.clear();
   * p.text; // ""
   * ```
   */
  clear(): void {
    this.#chars = [];
    this.#caret = 0;
    this.#browse = this.#history.length;
  }

  #recall(index: number): void {
    if (index < 0 || index > this.#history.length) return;
    this.#browse = index;
    this.#chars = [...(this.#history[index] ?? "")];
    this.#caret = this.#chars.length;
  }
}
