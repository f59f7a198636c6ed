/**
 * The profiler behind `run --profile` and the console's `prof`: what each
 * Lua callback function costs (calls, time in the workers, instruction
 * budget, commands, errors), summed from the costs the workers send back
 * with profiled batches, and what each stage of the frame costs.
 *
 * Nothing here feeds back into the game: the world, and so the dump's hash,
 * is the same with the profiler on or off.
 *
 * @module
 */
import { CallbackKind } from "../lua/batch_types.ts";
import type { RunCost } from "../lua/batch_profile.ts";
import { type Stage, STAGES } from "../ecs/stages.ts";
import type { CallbackProfileDump, ProfileDump, StageProfileDump } from "./dump_state.ts";

/** How each kind of callback is named in the profile. */
const KIND_NAMES: Record<CallbackKind, string> = {
  [CallbackKind.SceneUpdate]: "scene update",
  [CallbackKind.PhaseEnter]: "phase enter",
  [CallbackKind.PhaseUpdate]: "phase update",
  [CallbackKind.PhaseExit]: "phase exit",
  [CallbackKind.Timer]: "timer",
  [CallbackKind.Menu]: "menu",
  [CallbackKind.CVar]: "cvar handler",
  [CallbackKind.Collision]: "collision",
  [CallbackKind.Call]: "call",
  [CallbackKind.Chunk]: "chunk",
};

/**
 * The profile's name for a callback kind.
 *
 * @example
 * ```ts
 * import { kindName } from "./profiler.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * kindName(CallbackKind.PhaseUpdate); // "phase update"
 * ```
 */
export function kindName(kind: CallbackKind): string {
  return KIND_NAMES[kind] ?? `kind ${kind}`;
}

interface CallbackTotals {
  name: string;
  kind: string;
  calls: number;
  ms: number;
  instructions: number;
  commands: number;
  errors: number;
}

interface StageTotals {
  runs: number;
  ms: number;
}

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/**
 * Costs of callbacks and stages while profiling is on; see the module docs.
 *
 * @example
 * ```ts
 * import { Profiler } from "./profiler.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * const profiler = new Profiler();
 * profiler.enabled = true;
 * profiler.addCosts([{
 *   kind: CallbackKind.PhaseUpdate, name: "drift", calls: 10, ms: 0.5,
 *   instructions: 300, commands: 10, errors: 0,
 * }]);
 * profiler.addStage("scripts", 0.8);
 * profiler.addFrame(1.2);
 * profiler.dump().callbacks[0]?.mean_ms; // 0.05
 * ```
 */
export class Profiler {
  #enabled = false;
  #requested: boolean | undefined;
  #ran = false;
  #callbacks = new Map<string, CallbackTotals>();
  #stages = new Map<Stage, StageTotals>();
  #frames = 0;
  #frameMs = 0;

  /** Whether costs are being collected (the engine asks its workers for them only then). */
  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(on: boolean) {
    this.#enabled = on;
    if (on) this.#ran = true;
  }

  /**
   * Ask for profiling on or off from the next frame (the console's `prof`
   * runs in the middle of one, whose stages would be half timed).
   */
  request(on: boolean): void {
    this.#requested = on;
  }

  /** Whether profiling is on, or will be once the last request is taken. */
  get wanted(): boolean {
    return this.#requested ?? this.#enabled;
  }

  /** The pending request, if any, now taken (the engine applies it between frames). */
  takeRequest(): boolean | undefined {
    const asked = this.#requested;
    this.#requested = undefined;
    return asked;
  }

  /** Whether profiling was ever on (then the dump has a `profile` section). */
  get ran(): boolean {
    return this.#ran;
  }

  /** Frames profiled so far. */
  get frames(): number {
    return this.#frames;
  }

  /** Add the costs a worker sent back for one batch. */
  addCosts(costs: readonly RunCost[]): void {
    for (const c of costs) {
      const kind = kindName(c.kind);
      const key = `${kind}\0${c.name}`;
      let t = this.#callbacks.get(key);
      if (t === undefined) {
        t = { name: c.name, kind, calls: 0, ms: 0, instructions: 0, commands: 0, errors: 0 };
        this.#callbacks.set(key, t);
      }
      t.calls += c.calls;
      t.ms += c.ms;
      t.instructions += c.instructions;
      t.commands += c.commands;
      t.errors += c.errors;
    }
  }

  /** Add one run of `stage` that took `ms`. */
  addStage(stage: Stage, ms: number): void {
    const t = this.#stages.get(stage);
    if (t === undefined) this.#stages.set(stage, { runs: 1, ms });
    else (t.runs++, t.ms += ms);
  }

  /** Add one frame that took `ms`. */
  addFrame(ms: number): void {
    this.#frames++;
    this.#frameMs += ms;
  }

  /** Forget everything collected so far (profiling stays on or off). */
  reset(): void {
    this.#callbacks.clear();
    this.#stages.clear();
    this.#frames = 0;
    this.#frameMs = 0;
  }

  /** The `n` costliest callbacks so far (all of them by default), costliest first. */
  top(n = Infinity): CallbackProfileDump[] {
    return [...this.#callbacks.values()]
      .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind))
      .slice(0, n)
      .map((t) => ({
        name: t.name,
        kind: t.kind,
        calls: t.calls,
        total_ms: round(t.ms, 3),
        mean_ms: round(t.calls > 0 ? t.ms / t.calls : 0, 5),
        instructions: Math.round(t.instructions),
        commands: t.commands,
        errors: t.errors,
      }));
  }

  /** Everything collected so far, as the dump's `profile` section. */
  dump(): ProfileDump {
    const stages: StageProfileDump[] = [];
    for (const stage of STAGES) {
      const t = this.#stages.get(stage);
      if (t === undefined) continue;
      stages.push({
        stage,
        runs: t.runs,
        total_ms: round(t.ms, 3),
        mean_ms: round(t.ms / t.runs, 4),
      });
    }
    return {
      frames: this.#frames,
      frame_ms: round(this.#frameMs, 3),
      callbacks: this.top(),
      stages,
    };
  }
}
