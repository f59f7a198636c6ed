/**
 * Command codec: decodes the byte stream Lua emits (see
 * docs/architecture.md, "Command encoding") into typed {@linkcode Command}s,
 * and encodes commands in TypeScript (tests, engine-originated commands).
 * Both directions walk the same declarations as the Lua generator.
 *
 * @example
 * ```ts
 * import { decodeCommands, encodeCommand } from "./codec.ts";
 * const bytes = encodeCommand({
 *   op: 0, name: "entity_set_velocity", category: "entity", collision: false,
 *   args: { id: 3, vx: 1, vy: 2 },
 * });
 * decodeCommands(bytes)[0]?.name; // "entity_set_velocity"
 * ```
 *
 * @module
 */
import type { BuilderRecord, Command } from "./command.ts";
import type { LuaValue, ParamDecl } from "./types.ts";
import { COMMAND_SPECS, commandSpecByLuaName, RECORD_SPECS, recordSpecByName } from "./table.ts";
import { CommandEncodeError, Reader, Writer } from "./wire.ts";
import { type Args, type ArgsReader, type ArgValue, compileArgsReader } from "./args_reader.ts";

export { CommandDecodeError, CommandEncodeError } from "./wire.ts";

function readParam(r: Reader, p: ParamDecl, what: string): ArgValue {
  const at = r.pos;
  switch (p.type) {
    case "number":
    case "integer":
    case "id": {
      const v = r.f64(what);
      if (p.type !== "number" && !Number.isInteger(v)) {
        r.fail(`${what} is not an integer (${v})`, at);
      }
      if (p.type === "id" && v === 0) r.fail(`${what} is not a valid id (0)`, at);
      if ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max)) {
        r.fail(`${what} is out of range (${v})`, at);
      }
      return v;
    }
    case "boolean":
      return r.bool(what);
    case "table": {
      const v = r.tagged(what);
      if (!(v instanceof Map)) r.fail(`${what} must be a table`, at);
      return v;
    }
    case "any":
      return r.tagged(what);
    case "shader_list": {
      const v = r.tagged(what);
      if (!(v instanceof Map)) return r.fail(`${what} must be a table`, at);
      const list: string[] = [];
      for (const [k, s] of v) {
        if (k !== list.length + 1 || typeof s !== "string") {
          r.fail(`${what} must be a list of strings`, at);
        }
        list.push(s);
      }
      return list;
    }
    default: {
      const s = r.string(what);
      if (p.choices && !p.choices.includes(s)) {
        r.fail(`${what} is not one of its choices (${s})`, at);
      }
      return s;
    }
  }
}

/**
 * Reads the argument record of `params` one parameter at a time (see
 * {@linkcode argsReader}); a present optional parameter follows its presence byte.
 *
 * @throws {CommandDecodeError} when an argument is malformed or out of its range.
 * @example
 * ```ts
 * import { readArgsGeneric } from "./codec.ts";
 * import { Reader } from "./wire.ts";
 * const params = [{ name: "loud", type: "boolean" as const, optional: true, description: "Loud." }];
 * readArgsGeneric(new Reader(new Uint8Array([0])), params, "f", ["f argument loud"]); // {}
 * ```
 */
export function readArgsGeneric(
  r: Reader,
  params: readonly ParamDecl[],
  where: string,
  whats: readonly string[],
): Args {
  const args: Args = {};
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.optional) {
      const present = r.bool(`${where} presence byte of ${p.name}`);
      if (!present) continue;
    }
    args[p.name] = readParam(r, p, whats[i]!);
  }
  return args;
}

/**
 * The reader of a declaration's arguments (`where` names it in errors): compiled for its
 * parameters where it can be (see args_reader.ts), else {@linkcode readArgsGeneric}. Labels
 * are built here once: building them per decoded argument was a measurable share of decoding a
 * frame.
 *
 * @example
 * ```ts
 * import { argsReader } from "./codec.ts";
 * import { Reader } from "./wire.ts";
 * const read = argsReader("f", [{ name: "on", type: "boolean", description: "On." }]);
 * read(new Reader(new Uint8Array([1]))); // { on: true }
 * ```
 */
export function argsReader(where: string, params: readonly ParamDecl[]): ArgsReader {
  const whats = params.map((p) => `${where} argument ${p.name}`);
  return compileArgsReader(params, whats, readParam) ??
    ((r) => readArgsGeneric(r, params, where, whats));
}

const COMMAND_READERS = COMMAND_SPECS.map((s) => argsReader(s.luaName, s.decl.params));
const RECORD_READERS = RECORD_SPECS.map((s) => argsReader(s.decl.name, s.decl.params));

function readRecords(r: Reader, where: string): BuilderRecord[] {
  // every record takes at least its two opcode bytes
  const n = r.count(`${where} record count`, 2);
  const records: BuilderRecord[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const op = r.u16(`${where} record opcode`);
    const spec = RECORD_SPECS[op - 1];
    if (!spec) return r.fail(`${where} has unknown record opcode ${op}`, at);
    const args = RECORD_READERS[op - 1]!(r);
    // Shape guaranteed by the declaration the opcode names.
    records.push({ method: spec.decl.name, args } as unknown as BuilderRecord);
  }
  return records;
}

function readCommand(r: Reader): Command {
  const at = r.pos;
  const op = r.u16("opcode");
  const spec = COMMAND_SPECS[op - 1];
  if (!spec) return r.fail(`unknown opcode ${op}`, at);
  const { decl, collision } = spec;
  const name = spec.name, category = decl.category;
  if (decl.kind === "builder") {
    const provisionalId = r.f64(`${spec.luaName} provisional id`);
    if (!Number.isInteger(provisionalId) || provisionalId >= 0) {
      r.fail(
        `${spec.luaName} provisional id must be a negative integer (${provisionalId})`,
        at + 2,
      );
    }
    const sourceKey = decl.name === "clone" ? r.string(`${spec.luaName} source key`) : undefined;
    const records = readRecords(r, spec.luaName);
    const args = sourceKey === undefined
      ? { provisionalId, records }
      : { provisionalId, sourceKey, records };
    return { op, name, category, collision, args } as Command;
  }
  // Shape guaranteed by the declaration the opcode names.
  const args = COMMAND_READERS[op - 1]!(r);
  return { op, name, category, collision, args } as unknown as Command;
}

/**
 * Decode a concatenation of commands, `bytes[start, end)` (the whole buffer
 * by default). Throws {@linkcode CommandDecodeError} (with the byte offset)
 * on any corruption; never returns a partial result.
 *
 * @example
 * ```ts
 * import { decodeCommands } from "./codec.ts";
 * decodeCommands(new Uint8Array(0)); // []
 * ```
 */
export function decodeCommands(
  bytes: Uint8Array,
  start = 0,
  end: number = bytes.byteLength,
): Command[] {
  const r = new Reader(bytes, start, end);
  const out: Command[] = [];
  while (r.remaining > 0) out.push(readCommand(r));
  return out;
}

function writeParam(w: Writer, p: ParamDecl, v: unknown, where: string): void {
  const what = `${where}: argument ${p.name}`;
  const bad = (expected: string): never => {
    throw new CommandEncodeError(`${what} must be ${expected}, got ${typeof v}`);
  };
  switch (p.type) {
    case "number":
    case "integer":
    case "id":
      if (typeof v !== "number" || !Number.isFinite(v)) return bad("a finite number");
      if (p.type !== "number" && !Number.isInteger(v)) return bad("an integer");
      return w.f64(v);
    case "boolean":
      if (typeof v !== "boolean") return bad("a boolean");
      return w.u8(v ? 1 : 0);
    case "table":
      if (!(v instanceof Map)) return bad("a Map");
      return w.tagged(v as LuaValue, what);
    case "any":
      if (!isLuaValue(v)) return bad("a Lua value");
      return w.tagged(v, what);
    case "shader_list": {
      if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) return bad("a string list");
      return w.tagged(new Map(v.map((s: string, i) => [i + 1, s])), what);
    }
    default:
      if (typeof v !== "string") return bad("a string");
      if (p.choices && !p.choices.includes(v)) {
        throw new CommandEncodeError(`${what} must be one of ${p.choices.join(", ")}`);
      }
      return w.string(v);
  }
}

function isLuaValue(v: unknown): v is LuaValue {
  return v === null || v instanceof Map || ["boolean", "number", "string"].includes(typeof v);
}

function writeArgs(
  w: Writer,
  params: readonly ParamDecl[],
  args: Readonly<Record<string, unknown>>,
  where: string,
): void {
  for (const p of params) {
    const v = args[p.name];
    if (p.optional) {
      w.u8(v === undefined ? 0 : 1);
      if (v === undefined) continue;
    } else if (v === undefined) {
      throw new CommandEncodeError(`${where}: argument ${p.name} is missing`);
    }
    writeParam(w, p, v, where);
  }
}

function writeCommand(w: Writer, cmd: Command): void {
  const luaName = cmd.collision ? `collision_${cmd.name}` : cmd.name;
  const spec = commandSpecByLuaName(luaName);
  if (!spec) throw new CommandEncodeError(`Unknown command ${luaName}`);
  w.u16(spec.op);
  if (cmd.name === "spawn" || cmd.name === "clone") {
    const { provisionalId, records } = cmd.args;
    if (!Number.isInteger(provisionalId) || provisionalId >= 0) {
      throw new CommandEncodeError(`${luaName}: provisionalId must be a negative integer`);
    }
    w.f64(provisionalId);
    if (cmd.name === "clone") w.string(cmd.args.sourceKey);
    w.u32(records.length);
    for (const rec of records) {
      const rs = recordSpecByName(rec.method);
      if (!rs) throw new CommandEncodeError(`Unknown builder method ${rec.method}`);
      w.u16(rs.op);
      writeArgs(w, rs.decl.params, rec.args, rec.method);
    }
    return;
  }
  writeArgs(w, spec.decl.params, cmd.args, luaName);
}

/**
 * Encode one command exactly as the Lua bindings would. `op` is ignored (the
 * opcode comes from `name` and `collision`). Throws
 * {@linkcode CommandEncodeError} when the command does not match its
 * declaration.
 *
 * @example
 * ```ts
 * import { encodeCommand } from "./codec.ts";
 * encodeCommand({ op: 0, name: "stop_all_music", category: "audio", collision: false, args: {} })
 *   .length; // 2
 * ```
 */
export function encodeCommand(cmd: Command): Uint8Array {
  const w = new Writer();
  writeCommand(w, cmd);
  return w.finish();
}

/**
 * Encode several commands into one buffer (a callback's payload).
 *
 * @example
 * ```ts
 * import { decodeCommands, encodeCommands } from "./codec.ts";
 * const bytes = encodeCommands([
 *   { op: 0, name: "set_flag", category: "signal", collision: false, args: { key: "a" } },
 *   { op: 0, name: "set_flag", category: "signal", collision: true, args: { key: "b" } },
 * ]);
 * decodeCommands(bytes).length; // 2
 * ```
 */
export function encodeCommands(cmds: readonly Command[]): Uint8Array {
  const w = new Writer();
  for (const c of cmds) writeCommand(w, c);
  return w.finish();
}

/**
 * Opcode of a command by its Lua name (`collision_` prefix included).
 *
 * @example
 * ```ts
 * import { opcodeOf } from "./codec.ts";
 * typeof opcodeOf("spawn"); // "number"
 * ```
 */
export function opcodeOf(luaName: string): number | undefined {
  return commandSpecByLuaName(luaName)?.op;
}

export type { Command };
