/**
 * Shared types of the CVar registry: definitions, values, flags and the
 * records the registry hands out.
 *
 * @module
 */

/**
 * The four CVar value types.
 *
 * @example
 * ```ts
 * import type { CVarType } from "./types.ts";
 * const t: CVarType = "float";
 * ```
 */
export type CVarType = "bool" | "int" | "float" | "string";

/**
 * A CVar value: `boolean` for `bool`, a safe integer for `int`, a finite
 * number for `float`, a `string` for `string`.
 *
 * @example
 * ```ts
 * import type { CVarValue } from "./types.ts";
 * const v: CVarValue = 60;
 * ```
 */
export type CVarValue = boolean | number | string;

/**
 * Every flag a CVar may carry, in the order they are listed.
 *
 * - `read_only`: only its default; `set` is refused.
 * - `cheat`: `set` is refused unless the bool CVar `sys_cheats` is true.
 * - `saved`: written to and read from the user's settings file.
 * - `engine`: defined by the engine, not by a game.
 * - `restart`: read at start-up; a change takes effect on the next run.
 * - `protected`: an engine safety limit. Game code (`cvar.set`,
 *   `console.execute`) cannot change it; the console, the command line and
 *   TypeScript can, within its range. It cannot also be `saved`.
 *
 * @example
 * ```ts
 * import { CVAR_FLAGS } from "./types.ts";
 * CVAR_FLAGS.includes("saved"); // true
 * ```
 */
export const CVAR_FLAGS = [
  "read_only",
  "cheat",
  "saved",
  "engine",
  "restart",
  "protected",
] as const;

/**
 * One CVar flag (see {@linkcode CVAR_FLAGS}).
 *
 * @example
 * ```ts
 * import type { CVarFlag } from "./types.ts";
 * const f: CVarFlag = "saved";
 * ```
 */
export type CVarFlag = typeof CVAR_FLAGS[number];

/**
 * Who asks for a change: `user` for the console, the command line, the
 * settings file and TypeScript; `game` for the game's Lua code, which may
 * not change `protected` CVars.
 *
 * @example
 * ```ts
 * import type { CVarSetter } from "./types.ts";
 * const by: CVarSetter = "game";
 * ```
 */
export type CVarSetter = "user" | "game";

/**
 * What `define` accepts. It is checked at run time as a whole, because
 * definitions also arrive from Lua (`cvar.define`) where nothing is typed.
 *
 * @example
 * ```ts
 * import type { CVarDefinition } from "./types.ts";
 * const fov: CVarDefinition = {
 *   name: "r_fov", type: "float", default: 75, min: 45, max: 120,
 *   description: "Field of view in degrees", flags: ["saved"],
 * };
 * ```
 */
export interface CVarDefinition {
  /** Lower-case name matching `^[a-z][a-z0-9_]*$`. */
  readonly name: string;
  /** Value type. */
  readonly type: CVarType;
  /** Initial value; must have the CVar's type and satisfy its range or choices. */
  readonly default: CVarValue;
  /** Smallest allowed value (`int` and `float` only). */
  readonly min?: number;
  /** Largest allowed value (`int` and `float` only). */
  readonly max?: number;
  /** The only allowed values (`int`, `float` or `string`); excludes min/max. */
  readonly choices?: readonly (string | number)[];
  /** One line for `help` and `list`. */
  readonly description?: string;
  /** Behaviour flags. */
  readonly flags?: readonly CVarFlag[];
}

/**
 * A checked, frozen definition as the registry keeps it.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * const reg = new CVarRegistry();
 * const spec = reg.define({ name: "r_show_fps", type: "bool", default: false });
 * spec.description; // ""
 * ```
 */
export interface CVarSpec extends CVarDefinition {
  /** Description (empty when none was given). */
  readonly description: string;
  /** Flags, without duplicates, in {@linkcode CVAR_FLAGS} order. */
  readonly flags: readonly CVarFlag[];
}

/**
 * A CVar as `list` and `describe` report it.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "sys_tick_hz", type: "int", default: 60, min: 1, max: 1000 });
 * const info = reg.describe("sys_tick_hz");
 * info.text; // "60"
 * ```
 */
export interface CVarInfo extends CVarSpec {
  /** Current value. */
  readonly value: CVarValue;
  /** Current value in canonical text form. */
  readonly text: string;
  /** Default value in canonical text form. */
  readonly defaultText: string;
}

/**
 * One recorded change, as `takePendingChanges` returns it. Values are in
 * canonical text form (see `formatCVarValue`), ready for a Lua handler.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "float", default: 75, min: 45, max: 120 });
 * reg.onChange("r_fov", "OnFovChanged");
 * reg.setFromString("r_fov", "90");
 * const [change] = reg.takePendingChanges();
 * // { name: "r_fov", oldValue: "75.0", newValue: "90.0", handlers: ["OnFovChanged"] }
 * ```
 */
export interface CVarChange {
  /** CVar name. */
  readonly name: string;
  /** Value before the change. */
  readonly oldValue: string;
  /** Value after the change. */
  readonly newValue: string;
  /** Lua handler names registered at the time of the change, in registration order. */
  readonly handlers: readonly string[];
}

/**
 * Outcome of a `set`: `ok` with whether the value changed and its canonical
 * text, or a one-line rejection message (the old value is kept).
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
 * const r = reg.setFromString("r_fov", "200");
 * if (!r.ok) r.error; // "r_fov: 200 is above the maximum 120"
 * ```
 */
export type CVarSetResult =
  | { readonly ok: true; readonly changed: boolean; readonly text: string }
  | { readonly ok: false; readonly error: string };

/**
 * A CVar as it appears in the snapshot read by Lua (`rt.snap.cvars`).
 *
 * @example
 * ```ts
 * import type { CVarSnapshotEntry } from "./types.ts";
 * const e: CVarSnapshotEntry = { type: "int", value: 60, min: 1, max: 1000 };
 * const limit: CVarSnapshotEntry = { type: "int", value: 64, min: 1, max: 512, protected: true };
 * ```
 */
export interface CVarSnapshotEntry {
  /** Value type. */
  readonly type: CVarType;
  /** Current value. */
  readonly value: CVarValue;
  /** Smallest allowed number, when set. */
  readonly min?: number;
  /** Largest allowed number, when set. */
  readonly max?: number;
  /** Allowed values, when set. */
  readonly choices?: readonly (string | number)[];
  /** Present (true) when game code may not change it (the `protected` flag). */
  readonly protected?: true;
}
