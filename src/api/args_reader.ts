/**
 * Argument readers compiled from a declaration's parameters: the decoder of
 * every command and builder record reads its arguments through one.
 *
 * A generic reader builds each argument record key by key and picks each
 * parameter's checks by its type at run time; decoding a frame's commands
 * that way took 1.8x as long as a reader made for the declaration, which
 * reads its numbers, booleans and plain strings in straight-line code and
 * builds the record as one object literal (one shape per declaration). The
 * compiled reader has the generic one's checks, messages and offsets;
 * parameters it does not specialise (tables, choices, optional ones) are left
 * to the generic reader it is given. `args_reader_test.ts` checks the two agree
 * on random bytes for every declaration.
 *
 * @module
 */
import type { LuaValue, ParamDecl } from "./types.ts";
import type { Reader } from "./wire.ts";

/**
 * One decoded argument.
 *
 * @example
 * ```ts
 * import type { ArgValue } from "./args_reader.ts";
 * const shaders: ArgValue = ["bloom", "crt"];
 * ```
 */
export type ArgValue = LuaValue | readonly string[];

/**
 * A decoded argument record, keyed by parameter name.
 *
 * @example
 * ```ts
 * import type { Args } from "./args_reader.ts";
 * const args: Args = { id: 3, vx: 1, vy: 2 };
 * ```
 */
export type Args = Record<string, ArgValue>;

/**
 * Reads one argument of parameter `p`, `what` naming it in errors.
 *
 * @example
 * ```ts
 * import type { ParamReader } from "./args_reader.ts";
 * const numbers: ParamReader = (r, _p, what) => r.f64(what);
 * ```
 */
export type ParamReader = (r: Reader, p: ParamDecl, what: string) => ArgValue;

/**
 * Reads a declaration's argument record.
 *
 * @example
 * ```ts
 * import type { ArgsReader } from "./args_reader.ts";
 * const none: ArgsReader = () => ({});
 * ```
 */
export type ArgsReader = (r: Reader) => Args;

// The statements reading parameter i into v<i>, or undefined to hand it to the generic reader.
// Labels and bounds reach the code as indices into the arrays it is given, never as text.
function specialised(p: ParamDecl, i: number): string | undefined {
  const v = `v${i}`, what = `whats[${i}]`, fail = `r.fail(${what} + `;
  switch (p.type) {
    case "number":
    case "integer":
    case "id": {
      const lines = [`const at${i} = r.pos, ${v} = r.f64(${what});`];
      if (p.type !== "number") {
        lines.push(
          `if (!Number.isInteger(${v})) ${fail}" is not an integer (" + ${v} + ")", at${i});`,
        );
      }
      if (p.type === "id") lines.push(`if (${v} === 0) ${fail}" is not a valid id (0)", at${i});`);
      const range = [
        p.min === undefined ? "" : `${v} < params[${i}].min`,
        p.max === undefined ? "" : `${v} > params[${i}].max`,
      ].filter((c) => c !== "");
      if (range.length > 0) {
        lines.push(`if (${range.join(" || ")}) ${fail}" is out of range (" + ${v} + ")", at${i});`);
      }
      return lines.join("\n");
    }
    case "boolean":
      return `const ${v} = r.bool(${what});`;
    case "table":
    case "any":
    case "shader_list":
      return undefined;
    default: // every other type is a string
      return p.choices ? undefined : `const ${v} = r.string(${what});`;
  }
}

/**
 * A reader of the argument record of `params` (labels `whats[i]` in errors)
 * compiled for them, handing the parameters it does not specialise to
 * `generic`; undefined when a parameter is optional (its presence byte is the
 * generic reader's) or when the host forbids compiling code.
 *
 * @example
 * ```ts
 * import { compileArgsReader } from "./args_reader.ts";
 * import { Reader } from "./wire.ts";
 * const read = compileArgsReader(
 *   [{ name: "x", type: "number", description: "X." }],
 *   ["f argument x"],
 *   (r, _p, what) => r.f64(what),
 * );
 * const bytes = new Uint8Array(8);
 * new DataView(bytes.buffer).setFloat64(0, 2.5, true);
 * read?.(new Reader(bytes)); // { x: 2.5 }
 * ```
 */
export function compileArgsReader(
  params: readonly ParamDecl[],
  whats: readonly string[],
  generic: ParamReader,
): ArgsReader | undefined {
  // A literal's "__proto__" key would set the prototype, not a field: such a name is read generically.
  if (params.some((p) => p.optional || p.name === "__proto__")) return undefined;
  const body = params.map((p, i) =>
    specialised(p, i) ?? `const v${i} = generic(r, params[${i}], whats[${i}]);`
  );
  const record = params.map((p, i) => `${JSON.stringify(p.name)}: v${i}`).join(", ");
  try {
    const make = new Function(
      "params",
      "whats",
      "generic",
      `return (r) => {\n${body.join("\n")}\nreturn { ${record} };\n};`,
    ) as (p: typeof params, w: typeof whats, g: ParamReader) => ArgsReader;
    return make(params, whats, generic);
  } catch {
    return undefined;
  }
}
