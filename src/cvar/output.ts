/**
 * Console output lines and the ways CVars are shown in them.
 *
 * @module
 */
import type { CVarInfo } from "./types.ts";

/**
 * Level of a console line; `input` is the echo of an entered line.
 *
 * @example
 * ```ts
 * import type { ConsoleLevel } from "./output.ts";
 * const level: ConsoleLevel = "warn";
 * ```
 */
export type ConsoleLevel = "input" | "info" | "warn" | "error";

/**
 * One line of console output.
 *
 * @example
 * ```ts
 * import type { ConsoleLine } from "./output.ts";
 * const line: ConsoleLine = { level: "info", text: "r_fov = 90" };
 * ```
 */
export interface ConsoleLine {
  /** Level. */
  readonly level: ConsoleLevel;
  /** Text, without a line break. */
  readonly text: string;
}

/**
 * Lines of `level` for `text`, one per line of text.
 *
 * @example
 * ```ts
 * import { lines } from "./output.ts";
 * lines("error", "a\nb"); // [{ level: "error", text: "a" }, { level: "error", text: "b" }]
 * ```
 */
export function lines(level: ConsoleLevel, text: string): ConsoleLine[] {
  return text.split(/\r?\n/).map((t) => ({ level, text: t }));
}

/**
 * The value of a CVar as the console shows it: canonical text, strings
 * quoted so blanks are visible.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { showCVar } from "./output.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "player_name", type: "string", default: "Ada L" });
 * showCVar(reg.describe("player_name")); // 'player_name = "Ada L"'
 * ```
 */
export function showCVar(info: CVarInfo): string {
  return `${info.name} = ${info.type === "string" ? JSON.stringify(info.text) : info.text}`;
}

/**
 * Type, range or choices, default and flags of a CVar in one short form.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { showKind } from "./output.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120, flags: ["saved"] });
 * showKind(reg.describe("r_fov")); // "int 45..120, default 75, saved"
 * ```
 */
export function showKind(info: CVarInfo): string {
  const parts = [info.type];
  if (info.min !== undefined || info.max !== undefined) {
    parts[0] += ` ${info.min ?? ""}..${info.max ?? ""}`;
  }
  if (info.choices !== undefined) parts[0] += ` ${info.choices.join("|")}`;
  const shownDefault = info.type === "string" ? JSON.stringify(info.defaultText) : info.defaultText;
  return [...parts, `default ${shownDefault}`, ...info.flags].join(", ");
}
