/**
 * The wasm floor: the native reference program (`bench/lua/reference.lua`,
 * same callbacks) in ONE wasmoon state on the main thread, with the wasm Lua
 * build the engine uses. A frame is one call from JavaScript into Lua; there
 * is no sandbox, count hook, worker or encoding, so beside the native row it
 * shows what the wasm build itself costs.
 *
 * @module
 */
import { type LuaEngine, LuaFactory } from "wasmoon";
import { resolveGlueWasmPath } from "../src/lua/wasmoon_path.ts";
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
 * One in-thread wasmoon state serving any number of reference worlds.
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
  #lua: LuaEngine;
  #worlds = 0;

  private constructor(lua: LuaEngine) {
    this.#lua = lua;
  }

  /** Create the state and load the reference once. */
  static async start(): Promise<WasmFloor> {
    const factory = new LuaFactory(resolveGlueWasmPath());
    for (const file of MODULES) await factory.mountFile(`/bench/${file}`, await luaSource(file));
    const lua = await factory.createEngine();
    lua.doStringSync(`package.path = "/bench/?.lua;" .. package.path
      bench_reference = require("reference")`);
    lua.global.setTop(0);
    return new WasmFloor(lua);
  }

  /** Build `world` in the state; a frame is one call of its Lua `frame` function. */
  world(world: World): FrameSide {
    const id = ++this.#worlds;
    const build = world.kind === "swarm"
      ? `bench_reference.swarm(${world.entities}, "${world.callback}")`
      : `bench_reference.storm(${world.pairs}, "${world.mode}")`;
    this.#lua.doStringSync(`local w = ${build}
      bench_frame_${id}, bench_checksum_${id} = w.frame, w.checksum`);
    this.#lua.global.setTop(0);
    const frame = this.#function(`bench_frame_${id}`);
    const checksum = this.#function(`bench_checksum_${id}`);
    return {
      label: `wasm floor ${worldLabel(world)}`,
      frame() {
        const t0 = performance.now();
        frame();
        return Promise.resolve(performance.now() - t0);
      },
      checksum: () => Promise.resolve(Number(checksum())),
      close: () => Promise.resolve(),
    };
  }

  #function(name: string): () => unknown {
    const fn: unknown = this.#lua.global.get(name);
    this.#lua.global.setTop(0);
    if (typeof fn !== "function") throw new Error(`wasm floor: ${name} is not a function`);
    return fn as () => unknown;
  }

  /** Free the state. */
  close(): void {
    this.#lua.global.close();
  }
}
