/**
 * The console: `set`, `get`, `list`, `exec`, `help`, plus Quake-style
 * `NAME` / `NAME VALUE` for CVars. Reached from the terminal renderer, the
 * web page, the input log and `console.execute` in Lua.
 *
 * @module
 */
import { MAX_CONSOLE_LINE, MAX_CONSOLE_OUTPUT_LINES } from "../core/ceilings.ts";
import { applySet } from "./apply_set.ts";
import { readQuoted, readValue, splitWord } from "./command_line.ts";
import { ConsoleHistory } from "./history.ts";
import { type ConsoleLevel, type ConsoleLine, lines, showCVar, showKind } from "./output.ts";
import type { CVarRegistry } from "./registry.ts";

/**
 * Runs Lua source for `exec` (in the engine, the ScriptRunner) and resolves
 * to text to show, if any; a rejection's message is shown as an error.
 *
 * @example
 * ```ts
 * import type { ConsoleExecutor } from "./console.ts";
 * const echo: ConsoleExecutor = (code) => Promise.resolve(`ran ${code.length} bytes`);
 * ```
 */
export type ConsoleExecutor = (code: string) => Promise<string | undefined>;

/**
 * Options of a {@linkcode Console}.
 *
 * @example
 * ```ts
 * import type { ConsoleOptions } from "./console.ts";
 * const options: ConsoleOptions = { historySize: 50, scrollback: 200 };
 * ```
 */
export interface ConsoleOptions {
  /** Lua runner for `exec`; without one, `exec` reports that it is unavailable. */
  readonly executor?: ConsoleExecutor;
  /** Lines kept for up/down recall (the engine passes `con_history_size`). Default 100. */
  readonly historySize?: number;
  /** Output lines kept for display (the engine passes `con_scrollback`). Default 500. */
  readonly scrollback?: number;
  /** More commands by name (the engine's `prof`); a built-in name is a `RangeError`. */
  readonly commands?: Readonly<Record<string, ConsoleCommand>>;
}

/**
 * A console command: its usage and summary for `help`, and what it does with the rest of the
 * line.
 *
 * @example
 * ```ts
 * import type { ConsoleCommand } from "./console.ts";
 * const ping: ConsoleCommand = {
 *   usage: "ping",
 *   summary: "Answer pong",
 *   run: () => [{ level: "info", text: "pong" }],
 * };
 * ```
 */
export interface ConsoleCommand {
  /** How to call it, e.g. `set NAME VALUE`. */
  readonly usage: string;
  /** One line saying what it does. */
  readonly summary: string;
  /** Run it with the text after the command word. */
  run(args: string): ConsoleLine[] | Promise<ConsoleLine[]>;
}

// The built-in commands as `help` shows them: the usage's first word names the command.
const BUILT_IN = [
  ["set NAME VALUE", "Set a cvar; VALUE may be quoted and may contain spaces"],
  ["get NAME", "Show the value of a cvar"],
  ["list [FILTER]", "List cvars whose name contains FILTER, with type, range and description"],
  ["exec LUA", "Run Lua code and show its result or error"],
  ["help [COMMAND|CVAR]", "List commands, or explain one command or cvar"],
] as const;

/**
 * A console over a {@linkcode CVarRegistry}.
 *
 * `execute` never throws or rejects: every failure becomes an `error` line.
 * Commands other than `exec` do their work synchronously, before `execute`
 * first awaits, so a `set` run during pre_update applies in that frame even
 * if the caller does not wait for the returned promise.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { Console } from "./console.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
 * const con = new Console(reg);
 * await con.execute("set r_fov 90"); // [{ level: "info", text: "r_fov = 90" }]
 * await con.execute("frobnicate"); // [{ level: "error", text: 'Unknown command "frobnicate" (type help for the list)' }]
 * ```
 */
export class Console {
  /** Entered lines, for up/down recall. */
  readonly history: ConsoleHistory;
  #registry: CVarRegistry;
  #executor: ConsoleExecutor | undefined;
  #scrollback: ConsoleLine[] = [];
  #scrollbackSize: number;
  #commands = new Map<string, ConsoleCommand>();

  /**
   * Create a console over `registry`.
   *
   * @throws {RangeError} when `options.commands` names a built-in command.
   */
  constructor(registry: CVarRegistry, options: ConsoleOptions = {}) {
    this.#registry = registry;
    this.#executor = options.executor;
    this.history = new ConsoleHistory(options.historySize ?? 100);
    this.#scrollbackSize = options.scrollback ?? 500;
    const runs: Record<string, ConsoleCommand["run"]> = {
      set: (args) => this.#set(args),
      get: (args) => this.#get(args),
      list: (args) => this.#list(args),
      exec: (args) => this.#exec(args),
      help: (args) => this.#help(args),
    };
    for (const [usage, summary] of BUILT_IN) {
      const name = usage.split(" ")[0]!;
      this.#commands.set(name, { usage, summary, run: runs[name]! });
    }
    for (const [name, command] of Object.entries(options.commands ?? {})) {
      if (this.#commands.has(name)) throw new RangeError(`Console command "${name}" is built in`);
      this.#commands.set(name, command);
    }
  }

  /**
   * Names of the console commands, sorted.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * new Console(new CVarRegistry()).commands; // ["exec", "get", "help", "list", "set"]
   * ```
   */
  get commands(): string[] {
    return [...this.#commands.keys()].sort();
  }

  /**
   * Add a command the console's owner provides (the engine's `reload`, for one). Throws a
   * `TypeError` when a command of that name exists or the name is not one word.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * const con = new Console(new CVarRegistry());
   * con.addCommand("ping", { usage: "ping", summary: "Answer pong", run: () => [] });
   * con.commands; // ["exec", "get", "help", "list", "ping", "set"]
   * ```
   */
  addCommand(name: string, command: ConsoleCommand): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new TypeError(`Console command name must be one lowercase word, got "${name}"`);
    }
    if (this.#commands.has(name)) throw new TypeError(`Console command "${name}" already exists`);
    this.#commands.set(name, command);
  }

  /**
   * Output kept for display, oldest first: echoed input, command output and
   * lines added with `print`.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * const con = new Console(new CVarRegistry());
   * con.print("info", "hello");
   * con.scrollback; // [{ level: "info", text: "hello" }]
   * ```
   */
  get scrollback(): readonly ConsoleLine[] {
    return [...this.#scrollback];
  }

  /**
   * Add text to the scrollback (used for `console.log` from Lua and engine
   * messages).
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * new Console(new CVarRegistry()).print("warn", "low on memory");
   * ```
   */
  print(level: ConsoleLevel, text: string): void {
    this.#keep(clipOutput(lines(level, text)));
  }

  /**
   * A line typed by the user: store it in the history, then `execute` it.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * const con = new Console(new CVarRegistry());
   * await con.submit("help");
   * con.history.lines; // ["help"]
   * ```
   */
  submit(line: string): Promise<ConsoleLine[]> {
    this.history.push(line);
    return this.execute(line);
  }

  /**
   * Run one console line and return its output, which is also added to the
   * scrollback after an echo of the line. Never throws or rejects.
   *
   * @example
   * ```ts
   * import { CVarRegistry } from "./registry.ts";
   * import { Console } from "./console.ts";
   * const reg = new CVarRegistry();
   * reg.define({ name: "player_name", type: "string", default: "ada" });
   * await new Console(reg).execute('set player_name "Grace Hopper"');
   * reg.get("player_name"); // "Grace Hopper"
   * ```
   */
  async execute(line: string): Promise<ConsoleLine[]> {
    if (line.trim() === "") return [];
    if (line.length > MAX_CONSOLE_LINE) {
      // Not run: a cut line of Lua or a value would do something else.
      this.#keep(lines("input", `> ${clip(line, 60)}`));
      const out = lines(
        "error",
        `Console line of ${line.length} characters not run: the most is ${MAX_CONSOLE_LINE} ` +
          `(${clip(line, 60)})`,
      );
      this.#keep(out);
      return out;
    }
    this.#keep(lines("input", `> ${line}`));
    let out: ConsoleLine[];
    try {
      out = await this.#dispatch(line);
    } catch (err) {
      out = lines("error", err instanceof Error ? err.message : String(err));
    }
    out = clipOutput(out);
    this.#keep(out);
    return out;
  }

  #dispatch(line: string): ConsoleLine[] | Promise<ConsoleLine[]> {
    const [word, args] = splitWord(line);
    const command = this.#commands.get(word);
    if (command !== undefined) return command.run(args);
    // Quake-style shorthand: a bare cvar name shows it, a name and value sets it.
    if (this.#registry.has(word)) return args === "" ? this.#get(word) : this.#set(line);
    return lines("error", `Unknown command ${JSON.stringify(word)} (type help for the list)`);
  }

  #usage(name: string): ConsoleLine[] {
    return lines("error", `Usage: ${this.#commands.get(name)?.usage ?? name}`);
  }

  #set(args: string): ConsoleLine[] {
    const [name, rest] = splitWord(args);
    if (name === "" || rest === "") return this.#usage("set");
    return applySet(this.#registry, name, readValue(rest));
  }

  #get(args: string): ConsoleLine[] {
    const [name, rest] = splitWord(args);
    if (name === "" || rest !== "") return this.#usage("get");
    if (!this.#registry.has(name)) return lines("error", `unknown cvar ${JSON.stringify(name)}`);
    return lines("info", showCVar(this.#registry.describe(name)));
  }

  #list(args: string): ConsoleLine[] {
    const filter = readValue(args);
    const found = this.#registry.list(filter);
    if (found.length === 0) {
      return lines(
        "info",
        filter === "" ? "No cvars defined" : `No cvars match ${JSON.stringify(filter)}`,
      );
    }
    const out = found.map((info): ConsoleLine => ({
      level: "info",
      text: `${showCVar(info)}  (${showKind(info)})${
        info.description ? `  ${info.description}` : ""
      }`,
    }));
    out.push({ level: "info", text: `${found.length} cvar${found.length === 1 ? "" : "s"}` });
    return out;
  }

  async #exec(args: string): Promise<ConsoleLine[]> {
    const code = unwrapCall(args);
    if (code.trim() === "") return this.#usage("exec");
    if (this.#executor === undefined) {
      return lines("error", "exec is not available: no Lua runner is attached");
    }
    try {
      const result = await this.#executor(code);
      return result === undefined || result === "" ? [] : lines("info", result);
    } catch (err) {
      return lines("error", err instanceof Error ? err.message : String(err));
    }
  }

  #help(args: string): ConsoleLine[] {
    const topic = args.trim();
    if (topic === "") {
      const width = Math.max(...[...this.#commands.values()].map((c) => c.usage.length));
      return [
        ...this.commands.map((name): ConsoleLine => {
          const c = this.#commands.get(name) as ConsoleCommand;
          return { level: "info", text: `${c.usage.padEnd(width)}  ${c.summary}` };
        }),
        {
          level: "info",
          text: "NAME [VALUE]".padEnd(width) + "  Shorthand for get NAME / set NAME VALUE",
        },
      ];
    }
    const command = this.#commands.get(topic);
    if (command !== undefined) return lines("info", `${command.usage}\n${command.summary}`);
    if (this.#registry.has(topic)) {
      const info = this.#registry.describe(topic);
      const out = lines("info", `${showCVar(info)}  (${showKind(info)})`);
      if (info.description) out.push(...lines("info", info.description));
      return out;
    }
    return lines("error", `No command or cvar named ${JSON.stringify(topic)}`);
  }

  #keep(out: readonly ConsoleLine[]): void {
    // One by one: spreading a long output as arguments overflows the stack.
    for (const line of out) this.#scrollback.push(line);
    const excess = this.#scrollback.length - this.#scrollbackSize;
    if (excess > 0) this.#scrollback.splice(0, excess);
  }
}

// `text` cut to `max` characters, saying how many more there were.
function clip(text: string, max: number): string {
  const more = text.length - max;
  if (more <= 0) return text;
  return `${text.slice(0, max)}… (${more} more character${more === 1 ? "" : "s"})`;
}

// Output within the console ceilings: long lines cut, many lines cut short.
function clipOutput(out: ConsoleLine[]): ConsoleLine[] {
  const kept = out.length > MAX_CONSOLE_OUTPUT_LINES ? out.slice(0, MAX_CONSOLE_OUTPUT_LINES) : out;
  const clipped = kept.map((l) =>
    l.text.length > MAX_CONSOLE_LINE ? { ...l, text: clip(l.text, MAX_CONSOLE_LINE) } : l
  );
  if (kept.length < out.length) {
    clipped.push({ level: "warn", text: `… ${out.length - kept.length} more lines not shown` });
  }
  return clipped;
}

// `exec("print('Hello')")` reads like a function call: accept a call with one
// quoted string as well as bare code.
function unwrapCall(args: string): string {
  const t = args.trim();
  if (!t.startsWith("(") || !t.endsWith(")")) return args;
  const inner = t.slice(1, -1).trim();
  if (inner[0] !== '"' && inner[0] !== "'") return args;
  try {
    const { value, end } = readQuoted(inner, 0);
    return end === inner.length ? value : args;
  } catch {
    return args;
  }
}
