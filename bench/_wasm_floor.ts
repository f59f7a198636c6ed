/**
 * The wasm floor: the native reference program (`bench/lua/reference.lua`,
 * same callbacks) in ONE plain state of the engine's Lua wasm build on the
 * main thread. A frame is one call from JavaScript into Lua; there is no
 * sandbox, count hook, worker or encoding, so beside the native row it shows
 * what the wasm build itself costs.
 *
 * @module
 */
import { LUA_OK, type LuaStatePtr, RawHelpers, type RawLuaModule } from "../src/lua/raw_api.ts";
import { loadLuaModule } from "../src/lua/wasm_module.ts";
import { type LuaFile, luaSource } from "./_lua_sources.ts";
import type { FrameSide } from "./_side.ts";
import { type World, worldLabel } from "./_worlds.ts";

const MODULES: readonly LuaFile[] = [
  "layout.lua",
  "swarm_callbacks.lua",
  "storm_callbacks.lua",
  "storm_components.lua",
  "reference.lua",
];

/**
 * One in-thread Lua state serving any number of reference worlds.
 *
 * @example
 * ```ts ignore
 * import { WasmFloor } from "./_wasm_floor.ts";
 * const floor = await WasmFloor.start();
 * const side = floor.world({ kind: "swarm", entities: 2000, callback: "go_update" });
 * console.log(await side.frame(), "ms");
 * floor.close();
 * ```
 */
export class WasmFloor {
  readonly #m: RawLuaModule;
  readonly #h: RawHelpers;
  readonly #L: LuaStatePtr;
  #worlds = 0;

  private constructor(m: RawLuaModule) {
    this.#m = m;
    this.#h = new RawHelpers(m);
    this.#L = m._luaL_newstate();
    m._luaL_openlibs(this.#L);
  }

  /** Create the state and load the reference once (its modules through `package.preload`). */
  static async start(): Promise<WasmFloor> {
    const floor = new WasmFloor(await loadLuaModule());
    for (const file of MODULES) {
      const name = file.replace(/\.lua$/, "");
      floor.#run(`package.preload[${JSON.stringify(name)}] = assert(load(...))`, [
        await luaSource(file),
      ]);
    }
    floor.#run(`bench_reference = require("reference")`);
    return floor;
  }

  /** Build `world` in the state; a frame is one call of its Lua `frame` function. */
  world(world: World): FrameSide {
    const id = ++this.#worlds;
    const build = world.kind === "swarm"
      ? `bench_reference.swarm(${world.entities}, "${world.callback}")`
      : `bench_reference.storm(${world.pairs}, "${world.mode}")`;
    this.#run(`local w = ${build}
      bench_frame_${id}, bench_checksum_${id} = w.frame, w.checksum`);
    const frame = `bench_frame_${id}`, checksum = `bench_checksum_${id}`;
    return {
      label: `wasm floor ${worldLabel(world)}`,
      frame: () => {
        const t0 = performance.now();
        this.#call(frame);
        return Promise.resolve(performance.now() - t0);
      },
      checksum: () => Promise.resolve(Number(this.#call(checksum))),
      close: () => Promise.resolve(),
    };
  }

  /** Run `code` with string arguments `args`; throws with Lua's message on failure. */
  #run(code: string, args: readonly string[] = []): void {
    const m = this.#m, h = this.#h, L = this.#L;
    this.#check(h.loadString(L, code, "=floor"));
    for (const a of args) h.pushString(L, a);
    this.#check(m._lua_pcallk(L, args.length, 0, 0, 0, 0));
  }

  /** Call global function `name` with no arguments; its result as text. */
  #call(name: string): string {
    const m = this.#m, h = this.#h, L = this.#L;
    m._lua_getglobal(L, h.cstr(name));
    const st = m._lua_pcallk(L, 0, 1, 0, 0, 0);
    this.#check(st);
    const out = h.readString(L, -1);
    m._lua_settop(L, 0);
    return out;
  }

  #check(st: number): void {
    if (st === LUA_OK) return;
    const msg = this.#h.readString(this.#L, -1);
    this.#m._lua_settop(this.#L, 0);
    throw new Error(`wasm floor: ${msg}`);
  }

  /** Free the state. */
  close(): void {
    this.#m._lua_close(this.#L);
    this.#h.dispose();
  }
}
