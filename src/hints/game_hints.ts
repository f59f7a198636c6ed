/**
 * The hints a running game gets, each once: at load, the callback-like
 * functions nothing calls; while it runs, the builders a callback made and
 * did not build (the Lua runtime notices, and this words it with the line
 * from the game's source). Misspelt names are errors raised in Lua, and
 * engine calls at the top level are warned by the runtime as they happen.
 *
 * @example
 * ```ts
 * import { GameHints } from "./game_hints.ts";
 * const hints = new GameHints(new Map([["main.lua", "function on_start() end"]]));
 * hints.atLoad(); // ["main.lua:1: `on_start` is never called; did you mean `on_setup`?"]
 * ```
 *
 * @module
 */
import { type Finding, findingText, type GameScan, scanGame } from "./game_scan.ts";

/**
 * A game's hints, from its Lua files.
 *
 * @example
 * ```ts
 * import { GameHints } from "./game_hints.ts";
 * const src = "function on_update_menu()\n  engine.spawn()\nend";
 * const hints = new GameHints(new Map([["main.lua", src]]));
 * hints.unbuiltBuilder("on_update_menu");
 * // ["main.lua:2: engine.spawn() makes a builder that is never built; end its chain with :build()"]
 * hints.unbuiltBuilder("on_update_menu"); // [] (said once)
 * ```
 */
export class GameHints {
  #scan: GameScan;
  #told = new Set<string>();

  /** Scan the game's files (path relative to the game folder -> source). */
  constructor(files: ReadonlyMap<string, string>) {
    this.#scan = scanGame(files);
  }

  /**
   * Scan the files of a reload instead, and return its load-time warnings
   * (each said once per run, as before).
   *
   * @example
   * ```ts
   * import { GameHints } from "./game_hints.ts";
   * const hints = new GameHints(new Map([["main.lua", "function on_setup() end"]]));
   * hints.rescan(new Map([["main.lua", "function on_update() end"]])); // one warning: never called
   * ```
   */
  rescan(files: ReadonlyMap<string, string>): string[] {
    this.#scan = scanGame(files);
    return this.atLoad();
  }

  /** Warnings for when the game has loaded: callback-like functions nothing calls. */
  atLoad(): string[] {
    return this.#once(this.#scan.uncalled);
  }

  /**
   * Warnings for a callback that made builders it did not build, the first
   * time it does: the lines of its body where a builder is left unbuilt, or
   * the callback itself when its source does not show one (a helper made it).
   */
  unbuiltBuilder(callback: string): string[] {
    const key = `unbuilt\0${callback}`;
    if (this.#told.has(key)) return [];
    this.#told.add(key);
    const site = this.#scan.functions.get(callback);
    const found = site
      ? this.#scan.unbuilt.filter((u) =>
        u.file === site.file && u.token >= site.start && u.token <= site.end
      )
      : [];
    if (found.length > 0) return this.#once(found);
    const text = `${callback} made a builder it did not build; ` +
      "end each engine.spawn() or engine.clone() chain with :build()";
    return [site ? findingText({ file: site.file, line: site.line, message: text }) : text];
  }

  #once(findings: readonly Finding[]): string[] {
    const out: string[] = [];
    for (const f of findings) {
      const text = findingText(f);
      if (this.#told.has(text)) continue;
      this.#told.add(text);
      out.push(text);
    }
    return out;
  }
}
