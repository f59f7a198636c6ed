/**
 * The storage under `CVarRegistry`: the defined CVars with their
 * values and Lua handlers, the one path by which a value changes (checked,
 * then recorded as a pending change), and the version that moves with every
 * definition and change.
 *
 * @example
 * ```ts
 * import { CVarTable } from "./cvar_table.ts";
 * import { checkDefinition } from "./definition.ts";
 * const table = new CVarTable();
 * table.add(checkDefinition({ name: "r_fov", type: "int", default: 75 }));
 * table.assign("r_fov", () => ({ ok: true, value: 90 }), "user"); // { ok: true, changed: true, text: "90" }
 * ```
 *
 * @module
 */
import {
  CVarDefinitionError,
  CVarHandlerError,
  CVarTypeError,
  UnknownCVarError,
} from "./errors.ts";
import { CHEATS_CVAR, constrainedValue, lockReason } from "./set_rules.ts";
import type {
  CVarChange,
  CVarInfo,
  CVarSetResult,
  CVarSetter,
  CVarSpec,
  CVarType,
  CVarValue,
} from "./types.ts";
import { formatCVarValue, showValue, type ValueOutcome } from "./value_types.ts";

const HANDLER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One defined CVar: its definition, current value and Lua change handlers. */
export interface CVarEntry {
  /** The checked definition. */
  readonly spec: CVarSpec;
  /** The current value, of the definition's type. */
  value: CVarValue;
  /** Lua global function names called after a change, in registration order. */
  readonly handlers: string[];
}

/**
 * The defined CVars and their pending changes (see the module doc).
 *
 * @example
 * ```ts
 * import { CVarTable } from "./cvar_table.ts";
 * new CVarTable().size; // 0
 * ```
 */
export class CVarTable {
  readonly #entries = new Map<string, CVarEntry>();
  #pending: CVarChange[] = [];
  #version = 0;

  /** Number of defined CVars. */
  get size(): number {
    return this.#entries.size;
  }

  /** Grows by one on every definition and every change. */
  get version(): number {
    return this.#version;
  }

  /** Every entry, in definition order. */
  values(): IterableIterator<CVarEntry> {
    return this.#entries.values();
  }

  /** Whether `name` is defined. */
  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Add a checked definition at its default; throws {@linkcode CVarDefinitionError} for a duplicate. */
  add(spec: CVarSpec): CVarSpec {
    if (this.#entries.has(spec.name)) {
      throw new CVarDefinitionError(`CVar "${spec.name}" is already defined`);
    }
    this.#entries.set(spec.name, { spec, value: spec.default, handlers: [] });
    this.#version++;
    return spec;
  }

  /** The entry of `name`; throws {@linkcode UnknownCVarError} for an unknown name. */
  entry(name: string): CVarEntry {
    const e = this.#entries.get(name);
    if (e === undefined) throw new UnknownCVarError(name);
    return e;
  }

  /** The value of `name`; throws {@linkcode CVarTypeError} unless its type is one of `types`. */
  typed<T extends CVarValue>(name: string, types: readonly CVarType[], wanted: string): T {
    const e = this.entry(name);
    if (!types.includes(e.spec.type)) throw new CVarTypeError(name, e.spec.type, wanted);
    return e.value as T;
  }

  /** Definition, value and their text forms. */
  info(e: CVarEntry): CVarInfo {
    return {
      ...e.spec,
      value: e.value,
      text: formatCVarValue(e.spec.type, e.value),
      defaultText: formatCVarValue(e.spec.type, e.spec.default),
    };
  }

  /** Register a Lua handler for `name` once; throws {@linkcode CVarHandlerError} for a bad name. */
  addHandler(name: string, handler: string): void {
    const e = this.entry(name);
    if (typeof handler !== "string" || !HANDLER_NAME.test(handler)) {
      throw new CVarHandlerError(String(handler));
    }
    if (!e.handlers.includes(handler)) e.handlers.push(handler);
  }

  /** Every change since the last call, and forget them. */
  takePending(): CVarChange[] {
    const taken = this.#pending;
    this.#pending = [];
    return taken;
  }

  /** The value `read` gives for `name` once the lock and constraints allow it, or the refusal. */
  validate(
    name: string,
    read: (spec: CVarSpec) => ValueOutcome,
    by: CVarSetter,
  ): { ok: true; entry: CVarEntry; value: CVarValue } | { ok: false; error: string } {
    const entry = this.#entries.get(name);
    if (entry === undefined) return { ok: false, error: `unknown cvar ${showValue(name)}` };
    const locked = lockReason(entry.spec, by, this.#entries.get(CHEATS_CVAR)?.value);
    if (locked !== undefined) return { ok: false, error: locked };
    const r = constrainedValue(entry.spec, read(entry.spec));
    return r.ok ? { ok: true, entry, value: r.value } : r;
  }

  /** Set `name` to what `read` gives when valid, recording the change (none if unchanged). */
  assign(
    name: string,
    read: (spec: CVarSpec) => ValueOutcome,
    by: CVarSetter,
  ): CVarSetResult {
    const v = this.validate(name, read, by);
    if (!v.ok) return v;
    const { entry, value } = v;
    const type = entry.spec.type;
    const text = formatCVarValue(type, value);
    if (entry.value === value) return { ok: true, changed: false, text };
    this.#pending.push({
      name,
      oldValue: formatCVarValue(type, entry.value),
      newValue: text,
      handlers: [...entry.handlers],
    });
    entry.value = value;
    this.#version++;
    return { ok: true, changed: true, text };
  }
}
