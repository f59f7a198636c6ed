/**
 * The payload of a `CVarLua` action: the handler to call and the change it is told about, as
 * four NUL-separated fields (`handler\0name\0old\0new`), so the action stays one string.
 *
 * @example
 * ```ts
 * import { encodeCVarLua, parseCVarLua } from "./cvar_lua_payload.ts";
 * const message = encodeCVarLua({ handler: "on_fov", name: "r_fov", oldValue: "75", newValue: "90" });
 * parseCVarLua(message).handler; // "on_fov"
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * The four fields of a `CVarLua` payload.
 *
 * @example
 * ```ts
 * import type { CVarLuaFields } from "./cvar_lua_payload.ts";
 * const f: CVarLuaFields = { handler: "on_fov", name: "r_fov", oldValue: "75", newValue: "90" };
 * ```
 */
export interface CVarLuaFields {
  /** Name of the global Lua function to call. */
  handler: string;
  /** CVar name. */
  name: string;
  /** Previous value as text. */
  oldValue: string;
  /** New value as text. */
  newValue: string;
}

/**
 * Thrown by {@linkcode encodeCVarLua} and {@linkcode parseCVarLua} for a
 * payload that is not exactly four NUL-free fields.
 *
 * @example
 * ```ts
 * import { CVarLuaPayloadError, parseCVarLua } from "./cvar_lua_payload.ts";
 * try {
 *   parseCVarLua("only\0three\0fields");
 * } catch (e) {
 *   console.assert(e instanceof CVarLuaPayloadError);
 * }
 * ```
 */
export class CVarLuaPayloadError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "CVAR_LUA_PAYLOAD";
}

/**
 * Build the `handler\0name\0old\0new` payload of a `CVarLua` action.
 *
 * @throws {CVarLuaPayloadError} When a field contains NUL or the handler is empty.
 *
 * @example
 * ```ts
 * import { encodeCVarLua } from "./cvar_lua_payload.ts";
 * encodeCVarLua({ handler: "h", name: "n", oldValue: "1", newValue: "2" }); // "h\0n\x001\x002"
 * ```
 */
export function encodeCVarLua(fields: CVarLuaFields): string {
  const parts = [fields.handler, fields.name, fields.oldValue, fields.newValue];
  const labels = ["handler", "name", "old value", "new value"];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.includes("\0")) {
      throw new CVarLuaPayloadError(
        `CVar ${labels[i]} must not contain NUL: ${JSON.stringify(parts[i])}`,
      );
    }
  }
  if (fields.handler === "") throw new CVarLuaPayloadError("CVar handler name is empty");
  return parts.join("\0");
}

/**
 * Split a `CVarLua` payload into its fields.
 *
 * @throws {CVarLuaPayloadError} When the payload does not have exactly four
 * fields or the handler is empty.
 *
 * @example
 * ```ts
 * import { parseCVarLua } from "./cvar_lua_payload.ts";
 * parseCVarLua("h\0n\x001\x002").newValue; // "2"
 * ```
 */
export function parseCVarLua(message: string): CVarLuaFields {
  const parts = message.split("\0");
  if (parts.length !== 4) {
    throw new CVarLuaPayloadError(
      `Malformed CVarLua payload: expected 4 NUL-separated fields, got ${parts.length}`,
    );
  }
  const [handler, name, oldValue, newValue] = parts as [string, string, string, string];
  if (handler === "") throw new CVarLuaPayloadError("Malformed CVarLua payload: empty handler");
  return { handler, name, oldValue, newValue };
}
