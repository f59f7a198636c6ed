/**
 * Errors the command line reports as one `moonglow: <message>` line, with
 * the exit code they map to and an optional hint line.
 *
 * @example
 * ```ts
 * import { CliUsageError } from "./errors.ts";
 * const e = new CliUsageError("unknown option --framez");
 * e.exitCode; // 2
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/** A failure the CLI explains to the user (no stack trace). */
export class CliError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code: string = "CLI";
  /** Process exit code for this failure. */
  readonly exitCode: number;
  /** A second line telling the user what to do, if any. */
  readonly hint: string | undefined;

  /**
   * Create the error.
   *
   * @param message One sentence saying what is wrong.
   * @param exitCode Process exit code (non-zero).
   * @param hint Optional second line.
   */
  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/**
 * The command line itself is wrong: unknown option, bad value, missing
 * argument, unusable file. Exit code 2.
 *
 * @example
 * ```ts
 * import { CliUsageError } from "./errors.ts";
 * throw new CliUsageError('--frames must be a non-negative integer, got "ten"');
 * ```
 */
export class CliUsageError extends CliError {
  /** Stable code of this failure. */
  static override readonly code = "CLI_USAGE";
  /**
   * Create the error.
   *
   * @param message What is wrong, naming the option or argument.
   * @param hint Optional second line (main adds a usage hint when absent).
   */
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** What a game folder is, and how to make one. */
const GAME_FOLDER_HINT =
  'A game is a folder with a main.lua file; "moonglow new <dir>" creates one.';

/**
 * The game cannot be loaded (no folder, no `main.lua`, ...). Exit code 1.
 *
 * @example
 * ```ts
 * import { GameLoadError } from "./errors.ts";
 * new GameLoadError("no main.lua in game folder examples/pong").exitCode; // 1
 * ```
 */
export class GameLoadError extends CliError {
  /** Stable code of this failure. */
  static override readonly code = "GAME_LOAD";
  /**
   * Create the error.
   *
   * @param message What is wrong with the game.
   * @param hint Optional second line.
   */
  constructor(message: string, hint = GAME_FOLDER_HINT) {
    super(message, 1, hint);
  }
}
