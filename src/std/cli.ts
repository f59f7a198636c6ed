/**
 * A minimal stand-in for `jsr:@std/cli` providing `parseArgs` with the std
 * option names (see `src/std/assert.ts` for why it exists).
 *
 * @example
 * ```ts
 * import { parseArgs } from "@std/cli";
 * const args = parseArgs(["--frames", "10", "game"], { string: ["frames"] });
 * // args.frames === "10", args._ === ["game"]
 * ```
 *
 * @module
 */

/** Options for {@linkcode parseArgs}, a subset of std's. */
export interface ParseOptions {
  /** Flags that take no value. */
  boolean?: readonly string[];
  /** Flags whose value is always a string. */
  string?: readonly string[];
  /** Flags that may repeat; their values are collected into arrays. */
  collect?: readonly string[];
  /** Other names for a flag: `{ h: "help" }`. */
  alias?: Readonly<Record<string, string | readonly string[]>>;
  /** Default values. */
  default?: Readonly<Record<string, unknown>>;
  /** Stop parsing at the first positional argument. */
  stopEarly?: boolean;
  /** Put everything after `--` into `args["--"]`. */
  "--"?: boolean;
  /** Called for an unknown flag; return `false` to leave it out. */
  unknown?: (arg: string, key?: string, value?: unknown) => unknown;
}

/** The parsed arguments: flags by name and positionals in `_`. */
export interface Args {
  /** Positional arguments. */
  _: Array<string | number>;
  /** Arguments after `--`, when the `"--"` option is set. */
  "--"?: string[];
  /** Flags by name. */
  [key: string]: unknown;
}

/**
 * Parse command-line arguments.
 *
 * @example
 * ```ts
 * import { parseArgs } from "@std/cli";
 * const a = parseArgs(["-v", "--seed=3"], { boolean: ["v"], string: ["seed"] });
 * // a.v === true, a.seed === "3"
 * ```
 */
export function parseArgs(args: readonly string[], options: ParseOptions = {}): Args {
  const aliases = new Map<string, string>();
  // Every name of a flag, so a parsed value is stored under each (as std does).
  const names = new Map<string, string[]>();
  for (const [name, to] of Object.entries(options.alias ?? {})) {
    const all = [name, ...(typeof to === "string" ? [to] : to)];
    for (const a of all) {
      aliases.set(a, name);
      names.set(a, all);
    }
  }
  const canonical = (k: string) => aliases.get(k) ?? k;
  const booleans = new Set((options.boolean ?? []).map(canonical));
  const strings = new Set((options.string ?? []).map(canonical));
  const collects = new Set((options.collect ?? []).map(canonical));
  const known = (k: string) =>
    booleans.has(k) || strings.has(k) || collects.has(k) || aliases.has(k) ||
    (options.default !== undefined && k in options.default);

  const out: Args = { _: [] };
  const setAll = (k: string, v: unknown) => {
    for (const n of names.get(k) ?? [k]) out[n] = v;
  };
  for (const b of booleans) setAll(b, false);
  for (const c of collects) setAll(c, []);
  for (const [k, v] of Object.entries(options.default ?? {})) setAll(canonical(k), v);

  const set = (key: string, value: unknown, arg: string) => {
    const k = canonical(key);
    if (!known(k) && options.unknown && options.unknown(arg, k, value) === false) return;
    for (const n of names.get(k) ?? [k]) {
      if (collects.has(k)) {
        if (n === k) (out[k] as unknown[]).push(value);
        else out[n] = out[k];
      } else out[n] = value;
    }
  };

  // A flag's value is the next argument unless that is itself a flag.
  const takeNext = (i: number, key: string, k: string, arg: string): boolean => {
    const next = args[i + 1];
    if (next !== undefined && !/^-./.test(next)) {
      set(key, next, arg);
      return true;
    }
    set(key, strings.has(k) ? "" : true, arg);
    return false;
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      const rest = args.slice(i + 1);
      if (options["--"]) out["--"] = [...rest];
      else out._.push(...rest);
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([^-].*)$/s.exec(arg);
    if (long) {
      const key = long[1] as string;
      const inline = long[2];
      const k = canonical(key);
      if (booleans.has(k)) {
        set(key, inline === undefined ? true : inline !== "false", arg);
      } else if (inline !== undefined) {
        set(key, inline, arg);
      } else if (key.startsWith("no-") && booleans.has(canonical(key.slice(3)))) {
        set(key.slice(3), false, arg);
      } else if (takeNext(i, key, k, arg)) {
        i++;
      }
    } else if (short && !/^-\d/.test(arg)) {
      const letters = short[1] as string;
      const key = letters.slice(0, 1);
      const k = canonical(key);
      if (letters.length > 1) {
        set(key, booleans.has(k) ? true : letters.slice(1), arg);
      } else if (booleans.has(k)) {
        set(key, true, arg);
      } else if (takeNext(i, key, k, arg)) {
        i++;
      }
    } else {
      if (options.unknown && options.unknown(arg) === false) continue;
      out._.push(arg);
      if (options.stopEarly) {
        out._.push(...args.slice(i + 1));
        break;
      }
    }
  }
  return out;
}
