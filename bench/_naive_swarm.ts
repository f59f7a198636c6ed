/**
 * The swarm through a naive wasmoon binding, in-thread: the world in
 * JavaScript arrays, a fresh context object per callback (wasmoon converts
 * it to a new Lua table on every call), one JavaScript function per engine
 * call, then the same apply and physics steps as the reference. Same wasm
 * build and callback text as the engine: what the engine's batching saves.
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { resolveGlueWasmPath } from "../src/lua/wasmoon_path.ts";
import { luaSource } from "./_lua_sources.ts";
import type { FrameSide } from "./_side.ts";

const DT = 1 / 60;

/**
 * Start the naive binding on a swarm of `entities` running `go_update`.
 *
 * @example
 * ```ts ignore
 * import { naiveSwarm } from "./_naive_swarm.ts";
 * const side = await naiveSwarm(10_000);
 * console.log(await side.frame(), "ms");
 * await side.close();
 * ```
 */
export async function naiveSwarm(entities: number): Promise<FrameSide> {
  const lua = await new LuaFactory(resolveGlueWasmPath()).createEngine({ enableProxy: false });
  const px = new Float64Array(entities + 1), py = new Float64Array(entities + 1);
  const vx = new Float64Array(entities + 1), vy = new Float64Array(entities + 1);
  const count = new Float64Array(entities + 1);
  for (let i = 1; i <= entities; i++) [px[i], py[i]] = [(i * 37) % 800, (i * 53) % 600];
  type Command = { op: "vel"; id: number; x: number; y: number } | {
    op: "int";
    id: number;
    key: string;
    value: number;
  };
  let commands: Command[] = [];
  lua.global.set("engine", {
    entity_set_velocity: (id: number, x: number, y: number) => {
      commands.push({ op: "vel", id, x, y });
    },
    entity_signal_set_integer: (id: number, key: string, value: number) => {
      commands.push({ op: "int", id, key, value });
    },
  });
  lua.doStringSync(await luaSource("swarm_callbacks.lua"));
  lua.global.setTop(0);
  const update = lua.global.get("go_update") as (...args: unknown[]) => unknown;
  lua.global.setTop(0);
  const input = { digital: {}, analog: {}, mouse: { x: 0, y: 0 } };
  return {
    label: `naive wasmoon binding swarm ${entities} go_update`,
    frame() {
      const t0 = performance.now();
      commands = [];
      for (let id = 1; id <= entities; id++) {
        update(
          {
            id,
            pos: { x: px[id], y: py[id] },
            vel: { x: vx[id], y: vy[id] },
            signals: { scalars: {}, integers: { count: count[id] }, strings: {}, flags: {} },
          },
          input,
          DT,
        );
      }
      for (const c of commands) {
        if (c.op === "vel") [vx[c.id], vy[c.id]] = [c.x, c.y];
        else if (c.key === "count") count[c.id] = c.value;
      }
      for (let i = 1; i <= entities; i++) {
        px[i] = px[i]! + vx[i]! * DT;
        py[i] = py[i]! + vy[i]! * DT;
      }
      return Promise.resolve(performance.now() - t0);
    },
    checksum() {
      let s = 0;
      for (let i = 1; i <= entities; i++) s += count[i]!;
      return Promise.resolve(s);
    },
    close() {
      lua.global.close();
      return Promise.resolve();
    },
  };
}
