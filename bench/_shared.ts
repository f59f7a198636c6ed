/**
 * What the per-subsystem benches share (the game logic, the callback plans,
 * a Moonglow host, an in-thread state, the naive wasmoon binding) and what
 * `compare.ts` takes from here: finding `lua5.4`, the machine's 2-process
 * ceiling, pool start-up and medians. Keeping one copy is what makes the
 * ratios honest: every side runs the same Lua callback on the same data.
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { engineLuaSource } from "../src/api/mod.ts";
import type { PlannedCallback } from "../src/lua/batch_codec.ts";
import type { BatchFrame } from "../src/engine/batch_encoder.ts";
import { encodeBatch } from "../src/lua/batch_codec.ts";
import { CallbackKind, type CallbackRequest } from "../src/lua/batch_types.ts";
import { LuaHost } from "../src/lua/lua_host.ts";
import { runtimeLuaSource } from "../src/lua/runtime_lua.ts";
import { LuaVm } from "../src/lua/vm.ts";
import { resolveGlueWasmPath } from "../src/lua/wasmoon_path.ts";
import { EMPTY_SNAPSHOT } from "../src/lua/runtime_test_helpers.ts";

/**
 * The game: `tick` is a typical entity timer callback (read the context, one
 * or two engine calls); `heavy` adds ~300 Lua instructions of arithmetic so a
 * frame is bound by callback work (worker scaling); `hit` is a collision rule.
 */
export const GAME = `
function tick(ctx, input)
  local v = ctx.vel
  engine.entity_set_velocity(ctx.id, v.x + 1, v.y * 0.5)
  if ctx.signals.integers.hp < 3 then engine.entity_signal_set_flag(ctx.id, "weak") end
end
function heavy(ctx, input)
  local v, acc = ctx.vel, 0
  for i = 1, 100 do acc = acc + (v.x * i) % 7 end
  engine.entity_set_velocity(ctx.id, v.x + acc, v.y * 0.5)
end
function hit(ctx) engine.collision_entity_set_velocity(ctx.a.id, -ctx.a.vel.x, ctx.a.vel.y) end
`;

/** Frame facts with an empty world snapshot. */
export const FACTS: BatchFrame = {
  frame: 1,
  dt: 1 / 60,
  snapshot: EMPTY_SNAPSHOT,
  input: { digital: {}, analog: {}, mouse: { x: 0, y: 0 } },
};

/** `n` entity timer callbacks running `fn`, entities 1..n with position, velocity and an hp signal. */
export function entityPlan(n: number, fn = "tick"): PlannedCallback[] {
  const out: PlannedCallback[] = [];
  for (let id = 1; id <= n; id++) {
    out.push({
      kind: CallbackKind.Timer,
      fn,
      entity: id,
      ctx: {
        id,
        pos: [id, id * 2],
        vel: [3, 4],
        signals: { scalars: {}, integers: { hp: id % 5 }, strings: {}, flags: [] },
      },
    });
  }
  return out;
}

/** The collision callback the collision benches run. */
export const COLLISION: PlannedCallback = {
  kind: CallbackKind.Collision,
  fn: "hit",
  entity: 1,
  a: { id: 1, vel: [1, 2], pos: [0, 0] },
  b: { id: 2, pos: [1, 1] },
  sides: { a: 1, b: 2 },
};

/** The runtime chunk the engine loads into every state. */
export function runtimeSource(): string {
  return runtimeLuaSource({ apiSource: engineLuaSource() });
}

/** Start a Moonglow host with the bench game loaded and frozen. */
export function startHost(workers: number, statesPerWorker = 2): Promise<LuaHost> {
  return LuaHost.start({
    workers,
    statesPerWorker,
    setup: {
      privileged: [{ source: runtimeSource(), name: "=moonglow_runtime" }],
      files: { "main.lua": GAME },
      main: { source: GAME, name: "main.lua" },
      freeze: true,
    },
  });
}

/** An in-thread Moonglow state (same runtime and limits as a worker's). */
export async function inThreadVm(): Promise<LuaVm> {
  const vm = await LuaVm.create({ files: new Map([["main.lua", GAME]]) });
  vm.loadPrivileged(runtimeSource(), "=moonglow_runtime");
  vm.run(GAME, "main.lua");
  vm.freezeGlobals();
  return vm;
}

/**
 * Encode a plan as one batch request (indices 0.., fixed seeds), with the
 * snapshot and input unless `withFacts` is false (a state that already holds
 * them, as the engine sends them only when they change); `profile` asks for the
 * callbacks' costs (`"each"`: each callback's on its own).
 */
export function encodePlan(
  plan: readonly PlannedCallback[],
  withFacts = true,
  profile: boolean | "each" = false,
): Uint8Array {
  const callbacks = plan.map((p, index) => {
    const { entity: _entity, ...rest } = p;
    return { ...rest, index, seed: [index, 7] } as CallbackRequest;
  });
  return encodeBatch({
    frame: 1,
    dt: 1 / 60,
    snapshot: withFacts ? FACTS.snapshot : undefined,
    input: withFacts ? FACTS.input : undefined,
    callbacks,
    profile,
  });
}

/** A naive wasmoon binding: one JS function per engine call, a fresh context table per callback. */
export interface NaiveBinding {
  /** Run `fn` once per entity of `plan`; returns the number of commands recorded. */
  frame(plan: readonly PlannedCallback[]): number;
  /** Call the collision callback once, in-thread. */
  collide(): number;
  /** Free the engine. */
  close(): void;
}

/** Create the naive binding over a plain wasmoon engine (same wasm build). */
export async function naiveBinding(): Promise<NaiveBinding> {
  const lua = await new LuaFactory(resolveGlueWasmPath()).createEngine({ enableProxy: false });
  let commands: unknown[] = [];
  lua.global.set("engine", {
    entity_set_velocity: (id: number, vx: number, vy: number) => {
      commands.push({ op: "entity_set_velocity", id, vx, vy });
    },
    entity_signal_set_flag: (id: number, key: string) => {
      commands.push({ op: "entity_signal_set_flag", id, key });
    },
    collision_entity_set_velocity: (id: number, vx: number, vy: number) => {
      commands.push({ op: "collision_entity_set_velocity", id, vx, vy });
    },
  });
  lua.doStringSync(GAME);
  const fns = new Map<string, (...a: unknown[]) => unknown>();
  const fnOf = (name: string) => {
    let f = fns.get(name);
    if (!f) fns.set(name, f = lua.global.get(name) as (...a: unknown[]) => unknown);
    return f;
  };
  const input = { digital: {}, analog: {}, mouse: { x: 0, y: 0 } };
  return {
    frame(plan) {
      commands = [];
      for (const p of plan) {
        if (p.kind !== CallbackKind.Timer || typeof p.ctx === "number") continue;
        const c = p.ctx;
        // A fresh context table per callback, built from the same data.
        const ctx = {
          id: c.id,
          pos: { x: c.pos![0], y: c.pos![1] },
          vel: { x: c.vel![0], y: c.vel![1] },
          signals: {
            scalars: { ...c.signals!.scalars },
            integers: { ...c.signals!.integers },
            strings: { ...c.signals!.strings },
            flags: {},
          },
        };
        fnOf(p.fn)(ctx, input);
      }
      return commands.length;
    },
    collide() {
      commands = [];
      fnOf("hit")({
        a: { id: 1, vel: { x: 1, y: 2 }, pos: { x: 0, y: 0 } },
        b: { id: 2, pos: { x: 1, y: 1 } },
        sides: { a: ["top"], b: ["bottom"] },
      });
      return commands.length;
    },
    close() {
      lua.global.close();
    },
  };
}

/** The native Lua 5.4 interpreter, installed from Debian when missing. */
export async function nativeLua(): Promise<string | undefined> {
  const which = async (cmd: string) => {
    try {
      const r = await new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`] }).output();
      return r.success ? new TextDecoder().decode(r.stdout).trim() : undefined;
    } catch {
      return undefined;
    }
  };
  let path = await which("lua5.4");
  if (path) return path;
  console.error("lua5.4 not found: apt-get install -y lua5.4");
  await new Deno.Command("apt-get", { args: ["install", "-y", "lua5.4"] }).output().catch(
    () => undefined,
  );
  path = await which("lua5.4");
  return path;
}

/** A fixed CPU-bound loop (under a second natively) for {@linkcode parallelCeiling}. */
const SPIN = "local s = 0 for i = 1, 4e7 do s = s + i % 7 end";

/**
 * What two cores give over one on the running machine: one native Lua
 * process alone, then two at once on the same work, in `rounds` alternating
 * rounds. Returns each round's throughput ratio (2 x alone / slower of the
 * pair); no engine code is involved, so it is the ceiling for any 2-worker
 * speed-up measured beside it.
 */
export async function parallelCeiling(lua: string, rounds: number): Promise<number[]> {
  const spin = async () => {
    const t0 = performance.now();
    const r = await new Deno.Command(lua, { args: ["-e", SPIN] }).output();
    if (!r.success) throw new Error(`lua5.4 failed: ${new TextDecoder().decode(r.stderr)}`);
    return performance.now() - t0;
  };
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const alone = await spin();
    const pair = await Promise.all([spin(), spin()]);
    out.push((2 * alone) / Math.max(...pair));
  }
  return out;
}

/** The fastest and the median of several timings. */
export interface Timing {
  /** Fastest run. */
  best: number;
  /** Median run. */
  median: number;
}

/** Summarize timings (at least one). */
export function timing(xs: readonly number[]): Timing {
  return { best: Math.min(...xs), median: median(xs) };
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
