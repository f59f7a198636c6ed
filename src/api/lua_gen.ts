/**
 * Generators of Lua fragments from parameter declarations: call-site checks
 * and the `string.pack` encoding. Used by every generated function, builder
 * method and component setter, so the rules live in one place.
 *
 * @example
 * ```ts
 * import { failCondition } from "./lua_gen.ts";
 * failCondition({ name: "on", type: "boolean", description: "" }, "a1", undefined);
 * // 'type(a1) ~= "boolean"'
 * ```
 *
 * @module
 */
import { ASSET_KINDS, type AssetKind, type ParamDecl, type ParamType } from "./types.ts";
import { luaString } from "./lua_text.ts";

const TAGGED: ReadonlySet<ParamType> = new Set(["table", "any", "shader_list"]);

/**
 * Whether a parameter travels as a tagged value (or a tagged list).
 *
 * @example
 * ```ts
 * import { isTagged } from "./lua_gen.ts";
 * isTagged({ name: "t", type: "table", description: "" }); // true
 * ```
 */
export function isTagged(p: ParamDecl): boolean {
  return TAGGED.has(p.type);
}

function isAsset(t: ParamType): t is AssetKind {
  return (ASSET_KINDS as readonly string[]).includes(t);
}

function range(p: ParamDecl, v: string): string {
  return (p.min !== undefined ? ` or ${v} < ${p.min}` : "") +
    (p.max !== undefined ? ` or ${v} > ${p.max}` : "");
}

/**
 * Lua condition that is true when `v` is NOT a valid value for `p` (nil
 * handling for optional params is added by the caller). Undefined for `any`
 * and `shader_list`, which are checked by their encoder. `choiceSet` names a local set
 * table for params with choices.
 *
 * @example
 * ```ts
 * import { failCondition } from "./lua_gen.ts";
 * failCondition({ name: "k", type: "string", description: "" }, "a1", undefined);
 * // 'type(a1) ~= "string"'
 * ```
 */
export function failCondition(
  p: ParamDecl,
  v: string,
  choiceSet: string | undefined,
): string | undefined {
  const t = p.type;
  if (t === "number") {
    return `type(${v}) ~= "number" or ${v} ~= ${v} or ${v} == HUGE or ${v} == NHUGE${range(p, v)}`;
  }
  if (t === "integer" || t === "id") {
    // v % 1 rejects fractions, NaN and infinities in one step.
    const base = `type(${v}) ~= "number" or ${v} % 1 ~= 0 or ${v} > MAXI or ${v} < NMAXI`;
    return t === "id" ? `${base} or ${v} == 0` : base + range(p, v);
  }
  if (t === "boolean") return `type(${v}) ~= "boolean"`;
  if (t === "table") return `type(${v}) ~= "table"`;
  if (isTagged(p)) return undefined;
  if (isAsset(t)) return `type(${v}) ~= "string" or not has_asset("${t}", ${v})`;
  if (t === "callback") return `type(${v}) ~= "string" or not is_callback(${v})`;
  if (choiceSet) return `type(${v}) ~= "string" or not ${choiceSet}[${v}]`;
  return `type(${v}) ~= "string"`;
}

/**
 * Lua expression building the failure message for `p` holding `v`.
 *
 * @example
 * ```ts
 * import { failMessage } from "./lua_gen.ts";
 * failMessage({ name: "x", type: "number", description: "" }, "F", 1, "x", "a1");
 * // 'm_number(F, 1, "x", a1, nil, nil)'
 * ```
 */
export function failMessage(
  p: ParamDecl,
  f: string,
  index: number,
  label: string,
  v: string,
): string {
  const args = `${f}, ${index}, ${luaString(label)}, ${v}`;
  const lim = `${p.min ?? "nil"}, ${p.max ?? "nil"}`;
  switch (p.type) {
    case "number":
      return `m_number(${args}, ${lim})`;
    case "integer":
      return `m_integer(${args}, ${lim})`;
    case "id":
      return `m_id(${args})`;
    case "boolean":
      return `m_type(${args}, "a boolean")`;
    case "callback":
      return `m_callback(${args})`;
    case "table":
      return `m_type(${args}, "a table")`;
    default:
      if (isAsset(p.type)) return `m_asset(${args}, "${p.type}")`;
      if (p.choices) return `m_choice(${args}, ${luaString(p.choices.join(", "))})`;
      return `m_type(${args}, "a string")`;
  }
}

/**
 * Lua statement checking one non-tagged param; `fail(msg)` renders the
 * failure action (`error(msg, 2)` or `return msg`).
 *
 * @example
 * ```ts
 * import { checkStatement } from "./lua_gen.ts";
 * checkStatement({ name: "on", type: "boolean", description: "" }, "F", 1, "on", "a1",
 *   undefined, (m) => `error(${m}, 2)`);
 * ```
 */
export function checkStatement(
  p: ParamDecl,
  f: string,
  index: number,
  label: string,
  v: string,
  choiceSet: string | undefined,
  fail: (msg: string) => string,
): string {
  const cond = failCondition(p, v, choiceSet);
  if (cond === undefined) return "";
  const guarded = p.optional ? `${v} ~= nil and (${cond})` : cond;
  const failure = fail(failMessage(p, f, index, label, v));
  // Like luaL_checkstring, a plain string param takes a number as its text;
  // the conversion sits on the failure path, so strings cost nothing more.
  if (cond === `type(${v}) ~= "string"`) {
    return `if ${guarded} then if type(${v}) == "number" then ${v} = tostring(${v}) else ${failure} end end`;
  }
  return `if ${guarded} then ${failure} end`;
}

/**
 * Lua statements encoding a tagged param into local `t` (or failing).
 *
 * @example
 * ```ts
 * import { taggedStatement } from "./lua_gen.ts";
 * taggedStatement({ name: "d", type: "table", description: "" }, "F", 1, "d", "a1", "t1",
 *   (m) => `error(${m}, 2)`);
 * ```
 */
export function taggedStatement(
  p: ParamDecl,
  f: string,
  index: number,
  label: string,
  v: string,
  t: string,
  fail: (msg: string) => string,
): string {
  const lbl = luaString(label);
  const encoder = p.type === "shader_list" ? "shader_list" : "tagged";
  const body = `local e; ${t}, e = ${encoder}(${v}); if not ${t} then ${
    fail(`m_tagged(${f}, ${index}, ${lbl}, e)`)
  } end`;
  return p.optional ? `local ${t}; if ${v} ~= nil then ${body} end` : `local ${t}; do ${body} end`;
}

/**
 * One value to encode: the param, the Lua expression holding it, or `null`
 * for an optional param left out.
 *
 * @example
 * ```ts
 * import type { EncodeItem } from "./lua_gen.ts";
 * const i: EncodeItem = { param: { name: "x", type: "number", description: "" }, v: "a1" };
 * ```
 */
export interface EncodeItem {
  /** The parameter. */
  readonly param: ParamDecl;
  /** Lua expression (tagged params: the local holding the encoded bytes), or null if absent. */
  readonly v: string | null;
}

/**
 * Lua statements leaving the encoded command in local `s`, or a single
 * expression when no optional param is involved (the common, fast case).
 * `head` is the pack format/arguments that start the bytes (e.g. opcode).
 *
 * @example
 * ```ts
 * import { encodeLua } from "./lua_gen.ts";
 * encodeLua("<I2", ["7"], [{ param: { name: "x", type: "number", description: "" }, v: "a1" }]);
 * // { stmts: [], expr: 'pack("<I2d", 7, a1)' }
 * ```
 */
export function encodeLua(
  headFmt: string,
  headArgs: readonly string[],
  items: readonly EncodeItem[],
): { stmts: string[]; expr: string } {
  return encodeParts(headFmt, headArgs, items).lua;
}

/**
 * Lua statements that queue one command through the runtime's command sink:
 * `rt.put(fmt, v1..vk)` when the command is a single run of values (no
 * optional or tagged params), which the sink packs in place, and otherwise the
 * encoded bytes through `rt.emit`.
 *
 * @example
 * ```ts
 * import { emitLua } from "./lua_gen.ts";
 * emitLua("<I2", ["7"], [{ param: { name: "k", type: "string", description: "" }, v: "a1" }]);
 * // ['rt.put("I2s4", 7, a1)']
 * ```
 */
export function emitLua(
  headFmt: string,
  headArgs: readonly string[],
  items: readonly EncodeItem[],
): string[] {
  const { lua, run } = encodeParts(headFmt, headArgs, items);
  if (run === undefined) return [...lua.stmts, `rt.emit(${lua.expr})`];
  return [`rt.put(${luaString(run.fmt.slice(1))}, ${run.args.join(", ")})`];
}

type Run = { fmt: string; args: string[] };

function encodeParts(
  headFmt: string,
  headArgs: readonly string[],
  items: readonly EncodeItem[],
): { lua: { stmts: string[]; expr: string }; run?: Run } {
  // Segments are either pack runs or raw strings; optional params split them.
  const parts: (Run | { raw: string })[] = [];
  let run: Run = { fmt: headFmt, args: [...headArgs] };
  const stmts: string[] = [];
  const flush = () => {
    if (run.fmt !== "<") parts.push(run);
    run = { fmt: "<", args: [] };
  };
  const render = () => {
    const e = parts.map((p) =>
      "raw" in p ? p.raw : `pack(${luaString(p.fmt)}${p.args.map((a) => `, ${a}`).join("")})`
    ).join(" .. ");
    parts.length = 0;
    return e === "" ? '""' : e;
  };
  let hasStmts = false;
  const single = (p: ParamDecl, v: string): { fmt?: string; arg?: string; raw?: string } => {
    if (isTagged(p)) return { raw: v };
    if (p.type === "number" || p.type === "integer" || p.type === "id") return { fmt: "d", arg: v };
    if (p.type === "boolean") return { fmt: "B", arg: `(${v} and 1 or 0)` };
    return { fmt: "s4", arg: v };
  };
  for (const { param, v } of items) {
    if (param.optional) {
      flush();
      const prefix = render();
      stmts.push(hasStmts ? `s = s .. ${prefix}` : `local s = ${prefix}`);
      hasStmts = true;
      if (v === null) {
        stmts.push(`s = s .. "\\0"`);
        continue;
      }
      const one = single(param, v);
      const enc = one.raw !== undefined
        ? `"\\1" .. ${one.raw}`
        : `pack("<B${one.fmt}", 1, ${one.arg})`;
      stmts.push(`if ${v} == nil then s = s .. "\\0" else s = s .. ${enc} end`);
      continue;
    }
    if (v === null) throw new TypeError(`Required param ${param.name} has no value`);
    const one = single(param, v);
    if (one.raw !== undefined) {
      flush();
      parts.push({ raw: one.raw });
    } else {
      run.fmt += one.fmt;
      run.args.push(one.arg!);
    }
  }
  flush();
  if (!hasStmts) {
    const only = parts.length === 1 && !("raw" in parts[0]!) ? parts[0] : undefined;
    return { lua: { stmts: [], expr: render() }, run: only };
  }
  if (parts.length > 0) stmts.push(`s = s .. ${render()}`);
  return { lua: { stmts, expr: "s" } };
}
