/**
 * Error classes of the CVar folder. `set` never throws (it returns a
 * result); these are for programming errors and bad definitions.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * A CVar definition was refused: bad name, duplicate, bad range, default
 * outside its range or choices, unknown type or flag.
 *
 * @example
 * ```ts
 * import { CVarDefinitionError } from "./errors.ts";
 * import { CVarRegistry } from "./registry.ts";
 * try {
 *   new CVarRegistry().define({ name: "Bad", type: "bool", default: true });
 * } catch (e) {
 *   e instanceof CVarDefinitionError; // true
 * }
 * ```
 */
export class CVarDefinitionError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "CVAR_DEFINITION";
}

/**
 * A CVar name that is not defined was used where one is required.
 *
 * @example
 * ```ts
 * import { UnknownCVarError } from "./errors.ts";
 * const e = new UnknownCVarError("foo");
 * e.message; // 'Unknown cvar "foo"'
 * ```
 */
export class UnknownCVarError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "UNKNOWN_CVAR";
  /** The name that was asked for. */
  readonly cvarName: string;
  /** Create the error for `name`. */
  constructor(name: string) {
    super(`Unknown cvar "${name}"`);
    this.cvarName = name;
  }
}

/**
 * A typed getter was used on a CVar of another type.
 *
 * @example
 * ```ts
 * import { CVarTypeError } from "./errors.ts";
 * const e = new CVarTypeError("r_show_fps", "bool", "a number");
 * e.message; // "CVar r_show_fps is a bool, not a number"
 * ```
 */
export class CVarTypeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "CVAR_TYPE";
  /** Create the error for `name` of type `actual`, read as `wanted`. */
  constructor(name: string, actual: string, wanted: string) {
    super(`CVar ${name} is a ${actual}, not ${wanted}`);
  }
}

/**
 * A Lua handler name given to `onChange` is not a plain Lua global name.
 *
 * @example
 * ```ts
 * import { CVarHandlerError } from "./errors.ts";
 * const e = new CVarHandlerError("not a name");
 * e.message; // 'Invalid handler name "not a name": use the name of a global Lua function'
 * ```
 */
export class CVarHandlerError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "CVAR_HANDLER";
  /** Create the error for the refused `handler`. */
  constructor(handler: string) {
    super(`Invalid handler name ${JSON.stringify(handler)}: use the name of a global Lua function`);
  }
}
