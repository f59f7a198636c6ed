/**
 * Generates the Lua source of the privileged bindings chunk from the
 * declaration table. The runtime loads it once per Lua state and calls it with
 * the private runtime object `rt` (docs/architecture.md):
 *
 * ```lua
 * local api = load(source, "=moonglow_api")(rt)
 * -- api = { engine = ..., console = ..., cvar = ..., ecs = ..., input = ... }
 * ```
 *
 * The chunk RETURNS the five module tables and touches no global; the runtime
 * installs them in the game's environment. Generated functions read `rt.put`
 * (values of a fixed layout: `rt.put("I2dd", op, a1, a2)`), `rt.emit`
 * (bytes already encoded), `rt.next_id`, `rt.log`, `rt.snap`, `rt.mirror` (a
 * collision twin's world-signal write) and `rt.local_assets` at call time, so the
 * runtime may swap those fields between callbacks. `rt.local_assets` sub-tables
 * are created on demand by `load_*`, `register_animation` and `cvar.define`.
 * A command of plain parameters (numbers, integers, ids, booleans, strings among
 * choices or naming an asset or a callback too, required or optional) becomes,
 * through `rt.command` when the runtime has it, a C function that checks and
 * queues in one call and hands anything else to the generated Lua function.
 *
 * @example
 * ```ts
 * import { engineLuaSource } from "./lua_bindings.ts";
 * engineLuaSource().includes("engine.entity_set_velocity = FAST and FAST(f, ");
 * ```
 *
 * @module
 */
import {
  ASSET_KINDS,
  type BuilderMethodDecl,
  type FunctionDecl,
  type FunctionKind,
  MODULES,
  type ParamDecl,
  type SignalWrite,
} from "./types.ts";
import { BUILDERS, commandSpecByLuaName, FUNCTIONS, qualifiedName, RECORD_SPECS } from "./table.ts";
import {
  checkStatement,
  emitLua,
  type EncodeItem,
  encodeLua,
  isTagged,
  taggedStatement,
} from "./lua_gen.ts";
import { LUA_PRELUDE } from "./lua_prelude.ts";
import { luaString } from "./lua_text.ts";
import { componentAdders } from "./lua_components.ts";
import { metaLua } from "./meta.ts";

/** `error(msg, level)`: level 2 names the game's line, or `SLOW_LEVEL` under a C binding. */
const raiser = (level: string) => (msg: string) => `error(${msg}, ${level})`;
const raise = raiser("2");

interface FnParts {
  /** Lua lvalue receiving the function, e.g. `engine.set_flag`. */
  readonly target: string;
  /** Name used in error messages. */
  readonly label: string;
  readonly params: readonly ParamDecl[];
  /** Builder method: takes `self`, checks the builder state first. */
  readonly method?: boolean;
  readonly check?: FunctionDecl["check"];
  /** Statements after validation; `a1..an` are the params, `t<i>` the tagged encodings. */
  readonly body: readonly string[];
  /**
   * A C binding made from the function `f` by `maker(f, args)` when the runtime gives one (the
   * command sink's `FAST` and `FAST_BUILD`, the reads' `FAST_READ`); `f` then raises its errors at
   * the maker's level (`FAST_LEVEL`).
   */
  readonly fast?: FastBinding;
}

interface FastBinding {
  readonly maker: keyof typeof FAST_LEVEL;
  /** The maker's arguments after `f`. */
  readonly args: string;
}

// The level `f` raises its errors at under each maker's C binding (the prelude's locals).
const FAST_LEVEL = { FAST: "SLOW_LEVEL", FAST_READ: "READ_LEVEL", FAST_BUILD: "BUILD_LEVEL" };

/** One generated function, validation first, inside its own `do` block (keeps chunk locals few). */
function fn(parts: FnParts): string {
  const { params, label } = parts;
  const level = parts.fast ? FAST_LEVEL[parts.fast.maker] : "2";
  const fail = raiser(level);
  const vars = params.map((_, i) => `a${i + 1}`);
  const locals: string[] = [`local F = ${luaString(label)}`];
  const lines: string[] = [];
  if (parts.method) {
    lines.push(
      `local st = BST[self]`,
      `if not st then error(F .. ": call it as a method on a builder (builder:${label}(...))", ${level}) end`,
    );
  }
  params.forEach((p, i) => {
    let set: string | undefined;
    if (p.choices && !isTagged(p)) {
      set = `CH${i + 1}`;
      locals.push(`local ${set} = {${p.choices.map((c) => `[${luaString(c)}]=true`).join(",")}}`);
    }
    const s = checkStatement(p, "F", i + 1, p.name, vars[i]!, set, fail);
    if (s) lines.push(s);
  });
  lines.push(
    `if more ~= nil then error(F .. ": expected at most ${params.length} argument${
      params.length === 1 ? "" : "s"
    }, got more", ${level}) end`,
  );
  // A function's check may coerce its last argument before it is encoded
  // (cvar.set); a builder method's check judges a table that encoded cleanly.
  const check = parts.check &&
    `do local e, v = CHECKS.${parts.check}(${
      vars.join(", ")
    }); if e then error(F .. ": " .. e, 2) end; ${vars[vars.length - 1]!} = v end`;
  if (check && !parts.method) lines.push(check);
  params.forEach((p, i) => {
    if (isTagged(p)) {
      lines.push(taggedStatement(p, "F", i + 1, p.name, vars[i]!, `t${i + 1}`, raise));
    }
  });
  if (check && parts.method) lines.push(check);
  lines.push(...parts.body);
  // One extra named parameter instead of `...`: the same check as `(...) ~= nil`
  // (both look at the first extra argument only) without a vararg frame per call
  // (measured ~5% of a 10k-entity tick batch).
  const args = [...(parts.method ? ["self"] : []), ...vars, "more"].join(", ");
  const head = parts.fast ? "local f = function" : `${parts.target} = function`;
  return [
    "do",
    ...locals.map((l) => `  ${l}`),
    `  ${head}(${args})`,
    ...lines.map((l) => `    ${l}`),
    "  end",
    ...(parts.fast
      ? [
        `  ${parts.target} = ${parts.fast.maker} and ${parts.fast.maker}(f, ${parts.fast.args}) or f`,
      ]
      : []),
    "end",
  ].join("\n");
}

function items(params: readonly ParamDecl[]): EncodeItem[] {
  return params.map((param, i) => ({ param, v: isTagged(param) ? `t${i + 1}` : `a${i + 1}` }));
}

function emitBody(op: number, params: readonly ParamDecl[]): string[] {
  return emitLua("<I2", [String(op)], items(params));
}

function target(decl: FunctionDecl, luaName: string): string {
  return decl.module === "engine" ? `engine.${luaName}` : `${decl.module}.${decl.name}`;
}

// A collision twin's world-signal write, handed to the runtime for the later callbacks of its
// collision batch: the key, then the value set (true for a flag; nothing when it clears).
function mirrorCall(write: SignalWrite, params: readonly ParamDecl[]): string {
  const value = write.clear ? "" : params.length > 1 ? ", a2" : ", true";
  return `rt.mirror(${luaString(write.part)}, a1${value})`;
}

// The C binding's argument kinds (command_sink.c), by parameter type; in capitals when optional.
// Asset keys and callback names are strings the binding checks further (see stringCheck).
const FAST_KINDS: Partial<Record<string, string>> = {
  number: "n",
  integer: "z",
  id: "i",
  boolean: "b",
  string: "s",
  callback: "s",
  ...Object.fromEntries(ASSET_KINDS.map((kind) => [kind, "s"])),
};
const MAX_FAST_ARGS = 16; // MG_MAX_COMMAND_ARGS in command_sink.c

// What the C binding checks a string parameter (the i-th, from 0) against besides its type, as a
// Lua expression: its set of choices (the binding's CH<i>), or a function of it that is true when
// it passes, the checks of the generated Lua (lua_gen.ts failCondition).
function stringCheck(p: ParamDecl, i: number): string | undefined {
  if (p.choices) return `CH${i + 1}`;
  if (p.type === "callback") return "is_callback";
  if (p.type !== "string") return `function(v) return has_asset(${luaString(p.type)}, v) end`;
  return undefined;
}

// `kinds, checks, min1, max1, ...` of parameters the command sink's C bindings check and encode
// alone: numbers, integers, ids, booleans and strings (among choices, asset keys and callback
// names too), required or optional; else undefined.
function plainArgs(params: readonly ParamDecl[]): string | undefined {
  if (params.length > MAX_FAST_ARGS) return undefined;
  let kinds = "";
  const checks: string[] = [];
  const ranges: string[] = [];
  for (const [i, p] of params.entries()) {
    const kind = FAST_KINDS[p.type];
    if (kind === undefined || (p.choices && kind !== "s")) return undefined;
    kinds += p.optional ? kind.toUpperCase() : kind;
    const check = kind === "s" ? stringCheck(p, i) : undefined;
    if (check !== undefined) checks.push(`[${i + 1}] = ${check}`);
    ranges.push(String(p.min ?? "nil"), String(p.max ?? "nil"));
  }
  while (ranges.at(-1) === "nil") ranges.pop();
  const sets = checks.length > 0 ? `{ ${checks.join(", ")} }` : "nil";
  return [luaString(kinds), sets, ...ranges].join(", ");
}

// The command sink's C binding of a command that needs nothing after queueing.
function fastArgs(decl: FunctionDecl, op: number, mirrored: boolean): FastBinding | undefined {
  if (decl.kind !== "command" || decl.check || decl.defines || mirrored) return undefined;
  const args = plainArgs(decl.params);
  return args === undefined ? undefined : { maker: "FAST", args: `${op}, ${args}` };
}

// The command sink's C method of a builder record with no check of its own (`BST` holds the state).
function builderFastArgs(m: BuilderMethodDecl, code: number): FastBinding | undefined {
  if (m.check) return undefined;
  const args = plainArgs(m.params);
  return args === undefined ? undefined : { maker: "FAST_BUILD", args: `BST, ${code}, ${args}` };
}

// The read fast path's kinds (snapshot_read.c), by parameter type.
const READ_KINDS: Partial<Record<string, string>> = { string: "s", id: "i" };

// `rt, spec` for a read's C binding, when it can check the parameters alone: required strings
// (with or without choices) and entity ids. A choice parameter's set is the binding's CH<i>.
function readFastArgs(decl: FunctionDecl): FastBinding | undefined {
  const read = decl.read!;
  let kinds = "";
  const choices: string[] = [];
  for (const [i, p] of decl.params.entries()) {
    const kind = READ_KINDS[p.type];
    if (kind === undefined || p.optional || isTagged(p)) return undefined;
    kinds += kind;
    if (p.choices) choices.push(`[${i + 1}] = CH${i + 1}`);
  }
  const path = read.path.map((k) => typeof k === "number" ? String(k) : luaString(k)).join(", ");
  const args = `rt, { kinds = ${luaString(kinds)}, choices = { ${
    choices.join(", ")
  } }, path = { ${path} }, result = ${luaString(read.result)} }`;
  return { maker: "FAST_READ", args };
}

function commandFunctions(decl: FunctionDecl): string[] {
  const name = qualifiedName(decl);
  const variants = decl.collision ? [name, `collision_${name}`] : [name];
  return variants.map((luaName) => {
    const spec = commandSpecByLuaName(luaName)!;
    const mirrored = decl.signalWrite !== undefined && spec.collision;
    const body = decl.kind === "builder"
      ? [
        `local b = setmetatable({}, BMT)`,
        `BST[b] = { op = ${spec.op}, collision = ${spec.collision}${
          decl.params.length ? ", src = a1" : ""
        } }`,
        // Counted for the runtime, which compares with the ids built (rt.next_id) after the callback.
        `rt.made = rt.made + 1`,
        `return b`,
      ]
      : [
        ...emitBody(spec.op, decl.params),
        ...(decl.defines ? [`define_local("${decl.defines}", a1, true)`] : []),
        ...(mirrored ? [mirrorCall(decl.signalWrite!, decl.params)] : []),
      ];
    return fn({
      target: target(decl, luaName),
      label: luaName,
      params: decl.params,
      check: decl.check,
      body,
      fast: fastArgs(decl, spec.op, mirrored),
    });
  });
}

function readFunction(decl: FunctionDecl): string {
  const read = decl.read!;
  const miss = read.result === "boolean" || read.result === "present"
    ? "false"
    : read.result === "xy"
    ? "nil, nil"
    : "nil";
  const body = ["local v = rt.snap"];
  for (const key of read.path) {
    body.push(`if type(v) ~= "table" then return ${miss} end`);
    body.push(typeof key === "number" ? `v = v[a${key}]` : `v = v[${luaString(key)}]`);
  }
  switch (read.result) {
    case "value":
      body.push("return v");
      break;
    case "boolean":
      body.push("return v == true");
      break;
    case "present":
      body.push("return v ~= nil");
      break;
    case "cvar_value":
      // A CVar defined earlier in this callback reads as its default (cvar.set may use it too).
      body.push(
        `if type(v) ~= "table" then local d = local_def("cvar", a1); return d and d.default end`,
        "return v.value",
      );
      break;
    case "xy":
      body.push(
        `if type(v) ~= "table" then return nil, nil end`,
        "local x, y = v.x, v.y",
        "if x == nil then x, y = v[1], v[2] end",
        "return x, y",
      );
  }
  return fn({
    target: target(decl, decl.name),
    label: qualifiedName(decl),
    params: decl.params,
    body,
    fast: readFastArgs(decl),
  });
}

function logFunction(decl: FunctionDecl): string {
  const call = decl.level !== undefined ? `rt.log(${luaString(decl.level)}, a1)` : "rt.log(a1, a2)";
  return fn({
    target: target(decl, decl.name),
    label: qualifiedName(decl),
    params: decl.params,
    body: [call],
  });
}

const SPAWN_OP = commandSpecByLuaName("spawn")!.op;

function createEntityFunction(decl: FunctionDecl): string {
  return fn({
    target: target(decl, decl.name),
    label: qualifiedName(decl),
    params: decl.params,
    body: [
      "local id = rt.next_id()",
      `rt.put("I2dI4", ${SPAWN_OP}, id, 0)`,
      "return id",
    ],
  });
}

function addComponentFunction(decl: FunctionDecl): string {
  // ADD needs F and is shared with the function: wrap both in one block.
  const inner = fn({
    target: target(decl, decl.name),
    label: qualifiedName(decl),
    params: decl.params,
    body: ["local e = ADD[a2](a1, a3)", "if e then error(e, 2) end"],
  });
  return `do\n${componentAdders(qualifiedName(decl))}\n${inner}\nend`;
}

function builderMethod(m: BuilderMethodDecl): string {
  if (m.kind === "build") {
    return fn({
      target: `BM.${m.name}`,
      label: m.name,
      params: m.params,
      method: true,
      body: [
        // build() queues a copy of what the builder holds, so one builder can
        // be changed and built again (a template in a loop).
        "local id = rt.next_id()",
        "rt.emit_built(st, id)",
        "return id",
      ],
    });
  }
  const spec = RECORD_SPECS.find((r) => r.decl === m)!;
  const { stmts, expr } = encodeLua("<I2", [String(spec.op)], items(m.params));
  return fn({
    target: `BM.${m.name}`,
    label: m.name,
    params: m.params,
    method: true,
    check: m.check,
    body: [...stmts, `rt.append(st, ${expr})`, "return self"],
    fast: builderFastArgs(m, spec.op),
  });
}

function generate(): string {
  const out: string[] = [
    "-- Moonglow API bindings: generated from src/api declarations, do not edit.",
    LUA_PRELUDE,
    "local engine, console, cvar, ecs, input = {}, {}, {}, {}, {}",
    "-- Builders are empty tables; their state lives here so games cannot forge records.",
    `local BST = setmetatable({}, { __mode = "k" })`,
    "local BM = {}",
    `local BMT = { __index = BM, __metatable = false, __name = "EntityBuilder" }`,
  ];
  const methods = [...RECORD_SPECS.map((r) => r.decl), ...FUNCTIONS_BUILD];
  for (const m of methods) out.push(builderMethod(m));
  for (const decl of FUNCTIONS) out.push(...GENERATORS[decl.kind](decl));
  out.push(
    lazyMeta(),
    // A name that is not there is a mistake (a typo, most likely): say which names are close.
    // (A plain call, not `return unknown_name(...)`: a tail call would lose the game's line.)
    `setmetatable(BM, { __index = function(_, k) unknown_name("builder", BM, k) end })`,
    // (Through a holder whose metatable is protected, as engine's: freezing leaves it alone.)
    ...MODULES.filter((m) => m !== "engine").map((m) =>
      `setmetatable(${m}, { __index = setmetatable({}, { __metatable = false, ` +
      `__index = function(_, k) unknown_name("${m}", ${m}, k) end }) })`
    ),
    "return { engine = engine, console = console, cvar = cvar, ecs = ecs, input = input }",
    "",
  );
  return out.join("\n");
}

const FUNCTIONS_BUILD = BUILDERS.filter((m) => m.kind === "build");

/** The Lua function(s) generated for each kind of declaration. */
const GENERATORS: Record<FunctionKind, (decl: FunctionDecl) => string[]> = {
  command: commandFunctions,
  builder: commandFunctions,
  read: (decl) => [readFunction(decl)],
  log: (decl) => [logFunction(decl)],
  create_entity: (decl) => [createEntityFunction(decl)],
  add_component: (decl) => [addComponentFunction(decl)],
};

// `engine.__meta` is ~100 KB of table constructor that few games read, and
// every state used to compile it at start-up (the bulk of a cold state's
// set-up in wasm). It is kept as one long string, which the lexer copies
// cheaply, and built on first access through the engine table's `__index`.
// The holder's metatable is protected so freezing leaves it alone (it stays
// able to cache the table); the table itself is frozen when built. Any other
// missing name is an error that names the close ones.
function lazyMeta(): string {
  const src = `return ${metaLua()}`;
  let eq = "";
  while (src.includes(`]${eq}]`)) eq += "=";
  return [
    `local META_SRC = [${eq}[${src}]${eq}]`,
    "local load_meta, rawset_meta, freeze_meta = load, rawset, rt.freeze",
    "setmetatable(engine, { __index = setmetatable({}, { __metatable = false,",
    "  __index = function(holder, k)",
    `    if k ~= "__meta" then unknown_name("engine", engine, k) end`,
    `    local m = load_meta(META_SRC, "=engine.__meta", "t", {})()`,
    "    if freeze_meta then freeze_meta(m) end",
    "    rawset_meta(holder, k, m)",
    "    return m",
    "  end }) })",
  ].join("\n");
}

let cached: string | undefined;

/**
 * Lua source of the bindings chunk. Call the loaded chunk with `rt`; it
 * returns `{ engine, console, cvar, ecs, input }`.
 *
 * @example
 * ```ts
 * import { engineLuaSource } from "./lua_bindings.ts";
 * const src = engineLuaSource();
 * src.startsWith("-- Moonglow API bindings");
 * ```
 */
export function engineLuaSource(): string {
  return cached ??= generate();
}
