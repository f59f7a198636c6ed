/**
 * Console input history with a size limit and up/down recall.
 *
 * @module
 */

/**
 * Remembered console lines, oldest first. Blank lines and a repeat of the
 * newest line are not stored. Recall works like a shell: `previous` walks
 * back from the line being typed (which is kept as a draft), `next` walks
 * forward and finally returns the draft.
 *
 * @example
 * ```ts
 * import { ConsoleHistory } from "./history.ts";
 * const h = new ConsoleHistory(100);
 * h.push("set r_fov 90");
 * h.push("get r_fov");
 * h.previous("ty"); // "get r_fov"
 * h.previous(); // "set r_fov 90"
 * h.next(); // "get r_fov"
 * h.next(); // "ty"
 * ```
 */
export class ConsoleHistory {
  #lines: string[] = [];
  #capacity: number;
  // Index into #lines while recalling; #lines.length means "at the draft".
  #cursor = 0;
  #draft = "";

  /** Keep at most `capacity` lines (0 keeps none). */
  constructor(capacity: number) {
    this.#capacity = ConsoleHistory.#checkCapacity(capacity);
  }

  static #checkCapacity(capacity: number): number {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new RangeError(`History size must be a non-negative integer, got ${capacity}`);
    }
    return capacity;
  }

  /**
   * Most lines kept. Setting it drops the oldest lines that no longer fit
   * (used when `con_history_size` changes).
   *
   * @example
   * ```ts
   * import { ConsoleHistory } from "./history.ts";
   * const h = new ConsoleHistory(3);
   * h.push("a"); h.push("b"); h.push("c");
   * h.capacity = 2;
   * h.lines; // ["b", "c"]
   * ```
   */
  get capacity(): number {
    return this.#capacity;
  }

  set capacity(value: number) {
    this.#capacity = ConsoleHistory.#checkCapacity(value);
    this.#trim();
  }

  /**
   * The stored lines, oldest first.
   *
   * @example
   * ```ts
   * import { ConsoleHistory } from "./history.ts";
   * new ConsoleHistory(5).lines; // []
   * ```
   */
  get lines(): readonly string[] {
    return [...this.#lines];
  }

  /**
   * Store an entered line and end any recall in progress.
   *
   * @example
   * ```ts
   * import { ConsoleHistory } from "./history.ts";
   * const h = new ConsoleHistory(5);
   * h.push("help"); h.push("help"); h.push("  ");
   * h.lines; // ["help"]
   * ```
   */
  push(line: string): void {
    if (line.trim() !== "" && this.#lines.at(-1) !== line) {
      this.#lines.push(line);
      this.#trim();
    }
    this.#cursor = this.#lines.length;
    this.#draft = "";
  }

  /**
   * Recall the next older line. `current` is what is being typed; it is
   * kept as the draft when recall starts. At the oldest line it stays there;
   * with no history it returns `current`.
   *
   * @example
   * ```ts
   * import { ConsoleHistory } from "./history.ts";
   * const h = new ConsoleHistory(5);
   * h.previous("draft"); // "draft"
   * ```
   */
  previous(current = ""): string {
    if (this.#cursor === this.#lines.length) this.#draft = current;
    if (this.#cursor > 0) this.#cursor--;
    return this.#lines[this.#cursor] ?? this.#draft;
  }

  /**
   * Recall the next newer line; past the newest, the draft.
   *
   * @example
   * ```ts
   * import { ConsoleHistory } from "./history.ts";
   * const h = new ConsoleHistory(5);
   * h.push("a");
   * h.previous("b");
   * h.next(); // "b"
   * ```
   */
  next(): string {
    if (this.#cursor < this.#lines.length) this.#cursor++;
    return this.#lines[this.#cursor] ?? this.#draft;
  }

  #trim(): void {
    const excess = this.#lines.length - this.#capacity;
    if (excess > 0) this.#lines.splice(0, excess);
    this.#cursor = this.#lines.length;
  }
}
