/**
 * The CVar registry: typed console variables with validation, Lua change
 * handlers and a list of pending changes that the frame pipeline takes in
 * pre_update and turns into `CVarLua` actions.
 *
 * Errors: a refused value is data, not an exception. `set`, `setFromString`
 * and `reset` answer with a result (`ok`, or a one-line `error`), because
 * the console, `+set` and the settings file report each refusal as a line
 * and carry on; `check` gives that line alone. Misuse that only a program
 * makes (defining a CVar twice, reading an unknown one, a bad definition)
 * throws the typed errors of `errors.ts`.
 *
 * @module
 */
import { CVarTable } from "./cvar_table.ts";
import { checkDefinition } from "./definition.ts";
import type {
  CVarChange,
  CVarDefinition,
  CVarInfo,
  CVarSetResult,
  CVarSetter,
  CVarSnapshotEntry,
  CVarSpec,
  CVarValue,
} from "./types.ts";
import { snapshotEntry } from "./set_rules.ts";
import { checkCVarValue, formatCVarValue, parseCVarText } from "./value_types.ts";

/**
 * Holds every CVar of a running game. Main thread only: workers read CVars
 * from the snapshot and ask for changes through commands.
 *
 * `set` and `setFromString` never throw: they return a result whose error is
 * the one-line message shown to the user, and keep the old value. Setting a
 * CVar to the value it already has is accepted and records no change.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "float", default: 75, min: 45, max: 120 });
 * reg.onChange("r_fov", "OnFovChanged");
 * reg.setFromString("r_fov", "90"); // { ok: true, changed: true, text: "90.0" }
 * reg.setFromString("r_fov", "200"); // { ok: false, error: "r_fov: 200.0 is above the maximum 120.0" }
 * reg.takePendingChanges();
 * // [{ name: "r_fov", oldValue: "75.0", newValue: "90.0", handlers: ["OnFovChanged"] }]
 * ```
 */
export class CVarRegistry {
  readonly #t = new CVarTable();

  /**
   * Number of defined CVars.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * new CVarRegistry().size; // 0
   * ```
   */
  get size(): number {
    return this.#t.size;
  }

  /**
   * Grows by one on every definition and every change, so a snapshot needs
   * sending again only when this moved.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * const before = reg.version;
   * reg.define({ name: "r_show_fps", type: "bool", default: false });
   * reg.version > before; // true
   * ```
   */
  get version(): number {
    return this.#t.version;
  }

  /**
   * Define a CVar and set it to its default. Throws
   * {@linkcode CVarDefinitionError} for a duplicate name or an invalid
   * definition.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_mode", type: "string", default: "fit", choices: ["fit", "fill"] });
   * ```
   */
  define(def: CVarDefinition): CVarSpec {
    return this.#t.add(checkDefinition(def));
  }

  /**
   * Whether `name` is defined.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * new CVarRegistry().has("r_fov"); // false
   * ```
   */
  has(name: string): boolean {
    return this.#t.has(name);
  }

  /**
   * Current value. Throws {@linkcode UnknownCVarError} for an unknown name.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_tick_hz", type: "int", default: 60, min: 1, max: 1000 });
   * reg.get("sys_tick_hz"); // 60
   * ```
   */
  get(name: string): CVarValue {
    return this.#t.entry(name).value;
  }

  /**
   * Current value of an `int` or `float` CVar. Throws
   * {@linkcode CVarTypeError} for another type.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_tick_hz", type: "int", default: 60 });
   * reg.getNumber("sys_tick_hz") * 2; // 120
   * ```
   */
  getNumber(name: string): number {
    return this.#t.typed(name, ["int", "float"], "a number");
  }

  /**
   * Current value of a `bool` CVar. Throws {@linkcode CVarTypeError} for
   * another type.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_show_fps", type: "bool", default: true });
   * reg.getBool("r_show_fps"); // true
   * ```
   */
  getBool(name: string): boolean {
    return this.#t.typed(name, ["bool"], "a boolean");
  }

  /**
   * Current value of a `string` CVar. Throws {@linkcode CVarTypeError} for
   * another type.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "player_name", type: "string", default: "ada" });
   * reg.getString("player_name"); // "ada"
   * ```
   */
  getString(name: string): string {
    return this.#t.typed(name, ["string"], "a string");
  }

  /**
   * Current value in canonical text form (see `formatCVarValue`). Throws
   * {@linkcode UnknownCVarError} for an unknown name.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_fov", type: "float", default: 75 });
   * reg.getAsString("r_fov"); // "75.0"
   * ```
   */
  getAsString(name: string): string {
    const e = this.#t.entry(name);
    return formatCVarValue(e.spec.type, e.value);
  }

  /**
   * Definition and current value. Throws {@linkcode UnknownCVarError} for an
   * unknown name.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_fov", type: "int", default: 75, description: "Field of view" });
   * reg.describe("r_fov").description; // "Field of view"
   * ```
   */
  describe(name: string): CVarInfo {
    return this.#t.info(this.#t.entry(name));
  }

  /**
   * Set from text (console, command line, settings file). On rejection the
   * old value is kept and the result carries the message, e.g.
   * `r_fov: "abc" is not a number`, `unknown cvar "foo"`, `r_x is read-only`.
   * With `by` `"game"` a `protected` CVar is refused.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_vsync", type: "bool", default: true });
   * reg.setFromString("sys_vsync", "off"); // { ok: true, changed: true, text: "false" }
   * ```
   */
  setFromString(name: string, text: string, by: CVarSetter = "user"): CVarSetResult {
    return this.#t.assign(name, (spec) => parseCVarText(spec.type, text), by);
  }

  /**
   * Set from a typed value (TypeScript callers, decoded Lua commands). The
   * value must already have the CVar's type; nothing is converted. With
   * `by` `"game"` (a Lua command) a `protected` CVar is refused.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_tick_hz", type: "int", default: 60, min: 1, max: 1000 });
   * reg.set("sys_tick_hz", 30); // { ok: true, changed: true, text: "30" }
   * reg.set("sys_tick_hz", "30"); // { ok: false, error: 'sys_tick_hz: "30" is not a number' }
   * reg.define({ name: "lua_budget", type: "int", default: 10, flags: ["protected"] });
   * reg.set("lua_budget", 20, "game").ok; // false
   * ```
   */
  set(name: string, value: CVarValue, by: CVarSetter = "user"): CVarSetResult {
    return this.#t.assign(name, (spec) => checkCVarValue(spec.type, value), by);
  }

  /**
   * Set a CVar back to its default (same rules as `set`).
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_tick_hz", type: "int", default: 60 });
   * reg.set("sys_tick_hz", 30);
   * reg.reset("sys_tick_hz");
   * reg.get("sys_tick_hz"); // 60
   * ```
   */
  reset(name: string): CVarSetResult {
    return this.#t.assign(name, (spec) => ({ ok: true, value: spec.default }), "user");
  }

  /**
   * The message `set(name, value)` would give, without setting anything;
   * `undefined` when it would be accepted. Lets `cvar.set` from Lua fail at
   * the call site while the change itself is queued.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
   * reg.check("r_fov", 10); // "r_fov: 10 is below the minimum 45"
   * reg.get("r_fov"); // 75
   * ```
   */
  check(name: string, value: CVarValue, by: CVarSetter = "user"): string | undefined {
    const r = this.#t.validate(name, (spec) => checkCVarValue(spec.type, value), by);
    return r.ok ? undefined : r.error;
  }

  /**
   * Every CVar whose name contains `filter` (case-insensitive), sorted by
   * name.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_b", type: "bool", default: false });
   * reg.define({ name: "r_a", type: "bool", default: false });
   * reg.list("r_").map((c) => c.name); // ["r_a", "r_b"]
   * ```
   */
  list(filter?: string): CVarInfo[] {
    const needle = filter?.toLowerCase() ?? "";
    return [...this.#t.values()]
      .filter((e) => e.spec.name.includes(needle))
      .sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0))
      .map((e) => this.#t.info(e));
  }

  /**
   * Register the Lua global function `handler` to be called as
   * `handler(name, old, new)` after `name` changes. Several handlers may be
   * registered and are called in registration order; registering the same
   * handler again for the same CVar is ignored. Throws
   * {@linkcode UnknownCVarError} or {@linkcode CVarHandlerError}.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_fov", type: "int", default: 75 });
   * reg.onChange("r_fov", "OnFovChanged");
   * reg.handlers("r_fov"); // ["OnFovChanged"]
   * ```
   */
  onChange(name: string, handler: string): void {
    this.#t.addHandler(name, handler);
  }

  /**
   * Lua handler names registered for `name`, in registration order.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_fov", type: "int", default: 75 });
   * reg.handlers("r_fov"); // []
   * ```
   */
  handlers(name: string): readonly string[] {
    return [...this.#t.entry(name).handlers];
  }

  /**
   * Every change since the last call, in the order they happened (a CVar
   * changed twice appears twice), and forget them. Changes without handlers
   * are included too, with an empty handler list.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "r_show_fps", type: "bool", default: false });
   * reg.set("r_show_fps", true);
   * reg.takePendingChanges().length; // 1
   * reg.takePendingChanges().length; // 0
   * ```
   */
  takePendingChanges(): CVarChange[] {
    return this.#t.takePending();
  }

  /**
   * Plain-data view of every CVar for the Lua snapshot (`rt.snap.cvars`).
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "sys_tick_hz", type: "int", default: 60, min: 1, max: 1000 });
   * reg.snapshot().sys_tick_hz; // { type: "int", value: 60, min: 1, max: 1000 }
   * ```
   *
   * A `protected` CVar's entry says so (`protected: true`), so `cvar.set`
   * refuses it where the game calls it.
   */
  snapshot(): Record<string, CVarSnapshotEntry> {
    const out: Record<string, CVarSnapshotEntry> = {};
    for (const { spec, value } of this.#t.values()) {
      out[spec.name] = snapshotEntry(spec, value);
    }
    return out;
  }
}
