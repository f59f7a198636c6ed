import { assert, assertEquals, assertThrows } from "@std/assert";
import { MAX_CONSOLE_LINE, MAX_CONSOLE_OUTPUT_LINES } from "../core/ceilings.ts";
import { Console, type ConsoleExecutor } from "./console.ts";
import type { ConsoleLine } from "./output.ts";
import { CVarRegistry } from "./registry.ts";
import { FOV } from "./_test_helpers.ts";

function setup(executor?: ConsoleExecutor): { reg: CVarRegistry; con: Console } {
  const reg = new CVarRegistry();
  reg.define({ ...FOV, flags: ["saved"] });
  reg.define({ name: "player_name", type: "string", default: "ada" });
  reg.define({ name: "sys_vsync", type: "bool", default: true });
  reg.define({ name: "lua_workers", type: "int", default: 2, min: 1, max: 16, flags: ["restart"] });
  return { reg, con: new Console(reg, executor ? { executor } : {}) };
}

const info = (text: string): ConsoleLine => ({ level: "info", text });
const error = (text: string): ConsoleLine => ({ level: "error", text });

/** Run each line in order; each must answer with its one line. */
async function replies(con: Console, cases: [string, ConsoleLine][]): Promise<void> {
  for (const [line, reply] of cases) assertEquals(await con.execute(line), [reply], line);
}

Deno.test("set applies valid values and reports rejections with the registry's message", async () => {
  const { reg, con } = setup();
  await replies(con, [
    ["set r_fov 90", info("r_fov = 90")],
    ["set r_fov 90", info("r_fov = 90 (unchanged)")],
    ["set r_fov 200", error("r_fov: 200 is above the maximum 120")],
  ]);
  assertEquals(await con.execute("set sys_vsync maybe"), [
    error('sys_vsync: "maybe" is not a boolean (use true/false/1/0/on/off)'),
  ]);
  assertEquals(await con.execute("set foo 1"), [error('unknown cvar "foo"')]);
  assertEquals(reg.get("r_fov"), 90);
});

Deno.test("set takes quoted values, bare values with spaces, and empty quotes", async () => {
  const { reg, con } = setup();
  await con.execute('set player_name "Grace  Hopper"');
  assertEquals(reg.get("player_name"), "Grace  Hopper");
  assertEquals(await con.execute("set player_name Ada Lovelace"), [
    info('player_name = "Ada Lovelace"'),
  ]);
  await con.execute("set player_name ''");
  assertEquals(reg.get("player_name"), "");
  assertEquals(await con.execute('set player_name "open'), [
    error('Unterminated quote " in: "open'),
  ]);
  assertEquals(reg.get("player_name"), "");
});

Deno.test("set applies before execute first awaits", () => {
  const { reg, con } = setup();
  void con.execute("set r_fov 100");
  assertEquals(reg.get("r_fov"), 100);
});

Deno.test("set warns when the cvar takes effect after a restart", async () => {
  const { con } = setup();
  assertEquals(await con.execute("set lua_workers 4"), [
    info("lua_workers = 4"),
    { level: "warn", text: "lua_workers takes effect after a restart" },
  ]);
});

Deno.test("missing arguments give the usage; get shows a value, strings quoted; bare names are shorthand", async () => {
  await replies(setup().con, [
    ["set", error("Usage: set NAME VALUE")],
    ["set r_fov", error("Usage: set NAME VALUE")],
    ["get", error("Usage: get NAME")],
    ["get a b", error("Usage: get NAME")],
    ["exec   ", error("Usage: exec LUA")],
    ["get r_fov", info("r_fov = 75")],
    ["get player_name", info('player_name = "ada"')],
    ["get nope", error('unknown cvar "nope"')],
    ["r_fov", info("r_fov = 75")],
    ["r_fov 60", info("r_fov = 60")],
  ]);
});

Deno.test("list shows sorted cvars with kind and description, filtered", async () => {
  const { con } = setup();
  assertEquals(await con.execute("list fov"), [
    info("r_fov = 75  (int 45..120, default 75, saved)  Field of view"),
    info("1 cvar"),
  ]);
  const all = await con.execute("list");
  assertEquals(all.map((l) => l.text.split(" ")[0]), [
    "lua_workers",
    "player_name",
    "r_fov",
    "sys_vsync",
    "4",
  ]);
  assertEquals(await con.execute("list zzz"), [info('No cvars match "zzz"')]);
});

Deno.test("exec shows the executor's result, its error text, or nothing", async () => {
  const seen: string[] = [];
  const executor: ConsoleExecutor = (code) => {
    seen.push(code);
    if (code.includes("boom")) {
      return Promise.reject(new Error("[console]:1: boom\nstack traceback: ..."));
    }
    if (code.includes("throwstring")) return Promise.reject("plain text");
    return Promise.resolve(code === "x = 1" ? undefined : "3");
  };
  const { con } = setup(executor);
  assertEquals(await con.execute("exec return 1 + 2"), [info("3")]);
  assertEquals(await con.execute("exec x = 1"), []);
  assertEquals(await con.execute("exec error('boom')"), [
    error("[console]:1: boom"),
    error("stack traceback: ..."),
  ]);
  assertEquals(await con.execute("exec throwstring()"), [error("plain text")]);
  assertEquals(await con.execute(`exec("print('Hello')")`), [info("3")]);
  assertEquals(seen, ["return 1 + 2", "x = 1", "error('boom')", "throwstring()", "print('Hello')"]);
});

Deno.test("an executor that throws synchronously is reported, not thrown", async () => {
  const { con } = setup(() => {
    throw new TypeError("runner closed");
  });
  assertEquals(await con.execute("exec print(1)"), [error("runner closed")]);
});

Deno.test("exec without a runner says so", async () => {
  const { con } = setup();
  assertEquals(await con.execute("exec print(1)"), [
    error("exec is not available: no Lua runner is attached"),
  ]);
});

Deno.test("help lists commands and explains commands and cvars", async () => {
  const { con } = setup();
  const all = await con.execute("help");
  assertEquals(all.map((l) => l.text.split(" ")[0]), [
    "exec",
    "get",
    "help",
    "list",
    "set",
    "NAME",
  ]);
  assertEquals(await con.execute("help set"), [
    info("set NAME VALUE"),
    info("Set a cvar; VALUE may be quoted and may contain spaces"),
  ]);
  assertEquals(await con.execute("help r_fov"), [
    info("r_fov = 75  (int 45..120, default 75, saved)"),
    info("Field of view"),
  ]);
  assertEquals(await con.execute("help nope"), [error('No command or cvar named "nope"')]);
});

Deno.test("the owner's commands run with the rest of the line and show in help", async () => {
  const { con } = setup();
  const seen: string[] = [];
  con.addCommand("reload", {
    usage: "reload [NOTE]",
    summary: "Reload the scripts",
    run: (args) => (seen.push(args), [info(`reloading ${args}`)]),
  });
  assertEquals(await con.execute("reload soon"), [info("reloading soon")]);
  assertEquals(seen, ["soon"]);
  assert(con.commands.includes("reload"));
  assert((await con.execute("help")).some((l) => /^reload \[NOTE\] +Reload/.test(l.text)));
  assertEquals(await con.execute("help reload"), [
    info("reload [NOTE]"),
    info("Reload the scripts"),
  ]);
  const command = { usage: "x", summary: "x", run: () => [] };
  for (
    const [name, message] of [["set", 'Console command "set" already exists'], [
      "re load",
      "one lowercase word",
    ]]
  ) {
    let thrown: unknown;
    try {
      con.addCommand(name!, command);
    } catch (e) {
      thrown = e;
    }
    assert(thrown instanceof TypeError && thrown.message.includes(message!), String(thrown));
  }
});

Deno.test("unknown commands get a clear message; blank lines do nothing", async () => {
  const { con } = setup();
  assertEquals(await con.execute("frob 1"), [
    error('Unknown command "frob" (type help for the list)'),
  ]);
  assertEquals(await con.execute("   "), []);
});

Deno.test("submit records history; scrollback echoes input and is capped", async () => {
  const reg = new CVarRegistry();
  reg.define({ name: "a", type: "int", default: 0 });
  const con = new Console(reg, { historySize: 2, scrollback: 3 });
  await con.submit("get a");
  await con.submit("set a 1");
  await con.execute("get a"); // not from the user: not in history
  con.print("warn", "note");
  assertEquals(con.history.lines, ["get a", "set a 1"]);
  assertEquals(con.scrollback, [
    { level: "input", text: "> get a" },
    info("a = 1"),
    { level: "warn", text: "note" },
  ]);
  assertEquals(con.history.previous(""), "set a 1");
});

Deno.test("a line over the console ceiling is not run, and only a short part of it is shown", async () => {
  const { reg, con } = setup();
  const long = `set player_name ${"x".repeat(MAX_CONSOLE_LINE)}`;
  const out = await con.execute(long);
  assertEquals(out, [
    error(
      `Console line of ${long.length} characters not run: the most is ${MAX_CONSOLE_LINE} ` +
        `(set player_name ${"x".repeat(44)}… (${long.length - 60} more characters))`,
    ),
  ]);
  assertEquals(reg.get("player_name"), "ada");
  assert(con.scrollback.every((l) => l.text.length < 200), "the scrollback holds the whole line");
  // A line of exactly the ceiling runs.
  const fits = `set player_name ${"y".repeat(MAX_CONSOLE_LINE - 16)}`;
  await con.execute(fits);
  assertEquals(reg.get("player_name"), "y".repeat(MAX_CONSOLE_LINE - 16));
});

Deno.test("output is cut to the console ceilings: long lines, and many lines", async () => {
  const { con } = setup((code) =>
    Promise.resolve(
      code === "wide" ? "w".repeat(MAX_CONSOLE_LINE + 10) : "line\n".repeat(200_000).trimEnd(),
    )
  );
  const wide = await con.execute("exec wide");
  assertEquals(wide, [info(`${"w".repeat(MAX_CONSOLE_LINE)}… (10 more characters)`)]);
  // 200,000 lines: more than a spread into push can take as arguments.
  const many = await con.execute("exec many");
  assertEquals(many.length, MAX_CONSOLE_OUTPUT_LINES + 1);
  assertEquals(many.at(-1), {
    level: "warn",
    text: `… ${200_000 - MAX_CONSOLE_OUTPUT_LINES} more lines not shown`,
  });
  con.print("info", "p".repeat(MAX_CONSOLE_LINE + 1));
  assertEquals(con.scrollback.at(-1)?.text, `${"p".repeat(MAX_CONSOLE_LINE)}… (1 more character)`);
});

Deno.test("commands given to the console run, show in help, and cannot replace a built-in one", async () => {
  const reg = new CVarRegistry();
  const seen: string[] = [];
  const con = new Console(reg, {
    commands: {
      hello: {
        usage: "hello [NAME]",
        summary: "Say hello",
        run: (args) => (seen.push(args), [{ level: "info", text: `hello ${args || "world"}` }]),
      },
    },
  });
  assertEquals(await con.execute("hello  Ada "), [{ level: "info", text: "hello Ada" }]);
  assertEquals(seen, ["Ada"]);
  assertEquals(con.commands.includes("hello"), true);
  assert((await con.execute("help")).some((l) => l.text.includes("hello [NAME]")));
  assertEquals((await con.execute("help hello")).map((l) => l.text), ["hello [NAME]", "Say hello"]);
  const set = { usage: "set", summary: "", run: () => [] };
  assertThrows(() => new Console(reg, { commands: { set } }), RangeError, '"set" is built in');
});
