/**
 * The `entity` category: commands on one existing entity. Every processor
 * first resolves the id to a live eid; a dead or unknown id skips the
 * command with one log line and touches nothing.
 *
 * @module
 */
import {
  addComponent,
  despawnEntity,
  Friction,
  Frozen,
  getComponent,
  MaxSpeed,
  Position,
  removeComponent,
  Rotation,
  Scale,
  setComponent,
  Velocity,
} from "../ecs/mod.ts";
import { newTween, type TweenTarget, type UniformValue } from "../gameplay/mod.ts";
import type { SignalsApi } from "../signals/mod.ts";
import { type ApplyContext, liveEid, writeComponent } from "./context.ts";
import { SkippedCommandError } from "./errors.ts";
import type { GameState } from "../state/game_state.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";
import type { CommandTape } from "./compact.ts";

type EntityCommand = CategoryCommand<"entity">;

function signalsOf(state: GameState, id: number): SignalsApi {
  return state.world.entitySignals.ensure(liveEid(state, id));
}

// The writes the apply stage also runs from a frame's compact commands (see ENTITY_WRITES): one
// function each, which the processors below call too.
function setPosition(state: GameState, id: number, x: number, y: number): void {
  writeComponent(state, id, Position, { x, y });
}
function setVelocity(state: GameState, id: number, x: number, y: number): void {
  writeComponent(state, id, Velocity, { x, y });
}
function setRotation(state: GameState, id: number, degrees: number): void {
  writeComponent(state, id, Rotation, { degrees });
}
function setScale(state: GameState, id: number, x: number, y: number): void {
  writeComponent(state, id, Scale, { x, y });
}

/**
 * A write to one existing entity that a frame's callbacks issue by the thousand, run from a
 * compact command (see `compact.ts`): `run` applies the entry at `tape.nums[at]` (the write's
 * index in {@linkcode ENTITY_WRITES}, the id, then the arguments after the id, a string one by
 * its index in `tape.strs`).
 *
 * @example
 * ```ts
 * import type { EntityWrite } from "./entity.ts";
 * const turn: EntityWrite = { name: "entity_set_rotation", run: () => {} };
 * ```
 */
export interface EntityWrite {
  /** The command's name. */
  readonly name: EntityCommand["name"];
  /** Apply the entry at `tape.nums[at]`. */
  readonly run: (state: GameState, tape: CommandTape, at: number) => void;
}

/**
 * The entity writes kept as compact commands, each applied as its processor applies it.
 *
 * @example
 * ```ts
 * import { ENTITY_WRITES } from "./entity.ts";
 * console.assert(ENTITY_WRITES.some((w) => w.name === "entity_set_velocity"));
 * ```
 */
export const ENTITY_WRITES: readonly EntityWrite[] = [
  {
    name: "entity_set_position",
    run: (s, { nums: n }, i) => setPosition(s, n[i + 1]!, n[i + 2]!, n[i + 3]!),
  },
  {
    name: "entity_set_velocity",
    run: (s, { nums: n }, i) => setVelocity(s, n[i + 1]!, n[i + 2]!, n[i + 3]!),
  },
  {
    name: "entity_set_rotation",
    run: (s, { nums: n }, i) => setRotation(s, n[i + 1]!, n[i + 2]!),
  },
  {
    name: "entity_set_scale",
    run: (s, { nums: n }, i) => setScale(s, n[i + 1]!, n[i + 2]!, n[i + 3]!),
  },
  {
    name: "entity_signal_set_scalar",
    run: (s, { nums: n, strs }, i) =>
      signalsOf(s, n[i + 1]!).setScalar(strs[n[i + 2]!]!, n[i + 3]!),
  },
  {
    name: "entity_signal_set_integer",
    run: (s, { nums: n, strs }, i) =>
      signalsOf(s, n[i + 1]!).setInteger(strs[n[i + 2]!]!, n[i + 3]!),
  },
  {
    name: "entity_signal_set_string",
    run: (s, { nums: n, strs }, i) =>
      signalsOf(s, n[i + 1]!).setString(strs[n[i + 2]!]!, strs[n[i + 3]!]!),
  },
  {
    name: "entity_signal_set_flag",
    run: (s, { nums: n, strs }, i) => signalsOf(s, n[i + 1]!).setFlag(strs[n[i + 2]!]!),
  },
  {
    name: "entity_signal_clear_flag",
    run: (s, { nums: n, strs }, i) => signalsOf(s, n[i + 1]!).clearFlag(strs[n[i + 2]!]!),
  },
];

function setTween(
  ctx: ApplyContext,
  id: number,
  target: TweenTarget,
  from: number[],
  to: number[],
  seconds: number,
  easing?: string,
  loop?: string,
): void {
  const tween = newTween(from, to, seconds);
  // The decoder only lets declared choices through.
  if (easing !== undefined) tween.easing = easing as typeof tween.easing;
  if (loop !== undefined) tween.loop = loop as typeof tween.loop;
  ctx.state.gameplay.tweens.ensure(liveEid(ctx.state, id), () => ({}))[target] = tween;
}

function removeTween(ctx: ApplyContext, id: number, target: TweenTarget): void {
  const tweens = ctx.state.gameplay.tweens;
  const eid = liveEid(ctx.state, id);
  const entry = tweens.get(eid);
  if (entry === undefined) return;
  delete entry[target];
  if (Object.keys(entry).length === 0) tweens.delete(eid);
}

function setUniform(ctx: ApplyContext, id: number, name: string, value: UniformValue): void {
  const shader = ctx.state.gameplay.shader.get(liveEid(ctx.state, id));
  if (shader === undefined) throw new SkippedCommandError(`entity ${id} has no shader`);
  shader.uniforms.set(name, value);
}

function despawn(ctx: ApplyContext, id: number): void {
  liveEid(ctx.state, id);
  despawnEntity(ctx.state.world, id);
}

/**
 * Apply one `entity` command (the collision twins share these processors).
 *
 * `entity_set_speed` keeps the direction; on a zero velocity it logs a
 * warning and leaves the velocity at zero, since there is no direction to
 * keep. `entity_set_animation` to the animation already playing keeps it
 * running; `entity_restart_animation` starts it over.
 *
 * @example
 * ```ts
 * import { processEntity } from "./entity.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { getComponent, spawnEntity, Velocity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * processEntity(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "entity_set_velocity", category: "entity", collision: false, args: { id, vx: 3, vy: 4 } },
 * );
 * console.assert(getComponent(state.world, id, Velocity)?.x === 3);
 * ```
 */
export const processEntity: Processor<EntityCommand> = byName<EntityCommand>({
  entity_set_position: ({ state }, { args: a }) => setPosition(state, a.id, a.x, a.y),
  entity_set_velocity: ({ state }, { args: a }) => setVelocity(state, a.id, a.vx, a.vy),
  entity_set_speed: ({ state }, { args: a }) => {
    liveEid(state, a.id);
    const v = getComponent(state.world, a.id, Velocity) ?? { x: 0, y: 0 };
    const length = Math.hypot(v.x, v.y);
    if (length === 0) {
      state.log.warn(
        `entity_set_speed: entity ${a.id} has zero velocity, so no direction; it stays zero`,
      );
      return;
    }
    const k = a.speed / length;
    setComponent(state.world, a.id, Velocity, { x: v.x * k, y: v.y * k });
  },
  entity_set_rotation: ({ state }, { args: a }) => setRotation(state, a.id, a.degrees),
  entity_set_scale: ({ state }, { args: a }) => setScale(state, a.id, a.sx, a.sy),
  entity_add_force: ({ state }, { args: a }) => {
    state.world.forces.set(liveEid(state, a.id), a.name, a.x, a.y, a.enabled ?? true);
  },
  entity_remove_force: ({ state }, { args: a }) => {
    if (!state.world.forces.remove(liveEid(state, a.id), a.name)) {
      throw new SkippedCommandError(`entity ${a.id} has no force "${a.name}"`);
    }
  },
  entity_set_force_enabled: ({ state }, { args: a }) => {
    if (!state.world.forces.setEnabled(liveEid(state, a.id), a.name, a.on)) {
      throw new SkippedCommandError(`entity ${a.id} has no force "${a.name}"`);
    }
  },
  entity_set_force_value: ({ state }, { args: a }) => {
    if (!state.world.forces.setValue(liveEid(state, a.id), a.name, a.x, a.y)) {
      throw new SkippedCommandError(`entity ${a.id} has no force "${a.name}"`);
    }
  },
  entity_set_friction: ({ state }, { args: a }) => {
    writeComponent(state, a.id, Friction, { value: a.f });
  },
  entity_set_max_speed: ({ state }, { args: a }) => {
    liveEid(state, a.id);
    if (a.s === undefined) removeComponent(state.world, a.id, MaxSpeed);
    else setComponent(state.world, a.id, MaxSpeed, { value: a.s });
  },
  entity_freeze: ({ state }, { args: a }) => {
    liveEid(state, a.id);
    addComponent(state.world, a.id, Frozen);
  },
  entity_unfreeze: ({ state }, { args: a }) => {
    liveEid(state, a.id);
    removeComponent(state.world, a.id, Frozen);
  },
  entity_set_animation: ({ state }, { args: a }) => {
    const table = state.gameplay.animation;
    const eid = liveEid(state, a.id);
    if (table.get(eid)?.key !== a.anim) table.set(eid, { key: a.anim, frame: 0, elapsed: 0 });
  },
  entity_restart_animation: ({ state }, { args: a }) => {
    const anim = state.gameplay.animation.get(liveEid(state, a.id));
    if (anim === undefined) throw new SkippedCommandError(`entity ${a.id} has no animation`);
    anim.frame = 0;
    anim.elapsed = 0;
  },
  entity_insert_lua_timer: ({ state }, { args: a }) => {
    state.gameplay.luaTimer.set(liveEid(state, a.id), {
      duration: a.seconds,
      elapsed: 0,
      callback: a.callback,
    });
  },
  entity_remove_lua_timer: ({ state }, { args: a }) => {
    state.gameplay.luaTimer.delete(liveEid(state, a.id));
  },
  entity_insert_ttl: ({ state }, { args: a }) => {
    state.gameplay.ttl.set(liveEid(state, a.id), { duration: a.seconds, elapsed: 0 });
  },
  entity_insert_tween_position: (ctx, { args: a }) =>
    setTween(ctx, a.id, "position", [a.fx, a.fy], [a.tx, a.ty], a.seconds, a.easing, a.loop),
  entity_insert_tween_rotation: (ctx, { args: a }) =>
    setTween(ctx, a.id, "rotation", [a.from], [a.to], a.seconds, a.easing, a.loop),
  entity_insert_tween_scale: (ctx, { args: a }) =>
    setTween(ctx, a.id, "scale", [a.fx, a.fy], [a.tx, a.ty], a.seconds, a.easing, a.loop),
  entity_remove_tween_position: (ctx, { args: a }) => removeTween(ctx, a.id, "position"),
  entity_remove_tween_rotation: (ctx, { args: a }) => removeTween(ctx, a.id, "rotation"),
  entity_remove_tween_scale: (ctx, { args: a }) => removeTween(ctx, a.id, "scale"),
  entity_insert_stuckto: ({ state }, { args: a }) => {
    const eid = liveEid(state, a.id);
    if (a.target_id === a.id) {
      throw new SkippedCommandError(`entity ${a.id} cannot stick to itself`);
    }
    liveEid(state, a.target_id);
    // Stick where it is now relative to the target; keep the velocity for release.
    const pos = getComponent(state.world, a.id, Position) ?? { x: 0, y: 0 };
    const target = getComponent(state.world, a.target_id, Position) ?? { x: 0, y: 0 };
    const vel = getComponent(state.world, a.id, Velocity) ?? { x: 0, y: 0 };
    state.gameplay.stuckto.set(eid, {
      target: a.target_id,
      followX: a.follow_x,
      followY: a.follow_y,
      offsetX: pos.x - target.x,
      offsetY: pos.y - target.y,
      storedVx: vel.x,
      storedVy: vel.y,
    });
    setComponent(state.world, a.id, Velocity, { x: 0, y: 0 });
  },
  release_stuckto: ({ state }, { args: a }) => {
    const eid = liveEid(state, a.id);
    const link = state.gameplay.stuckto.get(eid);
    if (link === undefined) {
      throw new SkippedCommandError(`entity ${a.id} is not stuck to anything`);
    }
    state.gameplay.stuckto.delete(eid);
    setComponent(state.world, a.id, Velocity, { x: link.storedVx, y: link.storedVy });
  },
  entity_signal_set_scalar: ({ state }, { args: a }) =>
    signalsOf(state, a.id).setScalar(a.key, a.value),
  entity_signal_set_integer: ({ state }, { args: a }) =>
    signalsOf(state, a.id).setInteger(a.key, a.value),
  entity_signal_set_string: ({ state }, { args: a }) =>
    signalsOf(state, a.id).setString(a.key, a.value),
  entity_signal_set_flag: ({ state }, { args: a }) => signalsOf(state, a.id).setFlag(a.key),
  entity_signal_clear_flag: ({ state }, { args: a }) => signalsOf(state, a.id).clearFlag(a.key),
  entity_despawn: (ctx, { args: a }) => despawn(ctx, a.id),
  entity_menu_despawn: (ctx, { args: a }) => {
    const menu = ctx.state.gameplay.menu.get(liveEid(ctx.state, a.id));
    if (menu === undefined) throw new SkippedCommandError(`entity ${a.id} is not a menu`);
    // Items and cursor may already be gone; only the menu itself must exist.
    for (const item of menu.itemEntities) despawnEntity(ctx.state.world, item);
    if (menu.cursorEntity !== null) despawnEntity(ctx.state.world, menu.cursorEntity);
    despawn(ctx, a.id);
  },
  entity_set_shader: ({ state }, { args: a }) => {
    state.gameplay.shader.set(liveEid(state, a.id), { key: a.shader, uniforms: new Map() });
  },
  entity_remove_shader: ({ state }, { args: a }) => {
    state.gameplay.shader.delete(liveEid(state, a.id));
  },
  entity_shader_set_float: (ctx, { args: a }) =>
    setUniform(ctx, a.id, a.name, { type: "float", value: a.value }),
  entity_shader_set_int: (ctx, { args: a }) =>
    setUniform(ctx, a.id, a.name, { type: "int", value: a.value }),
  entity_shader_set_vec2: (ctx, { args: a }) =>
    setUniform(ctx, a.id, a.name, { type: "vec2", value: [a.x, a.y] }),
  entity_shader_set_vec4: (ctx, { args: a }) =>
    setUniform(ctx, a.id, a.name, { type: "vec4", value: [a.x, a.y, a.z, a.w] }),
  entity_shader_clear_uniform: ({ state }, { args: a }) => {
    state.gameplay.shader.get(liveEid(state, a.id))?.uniforms.delete(a.name);
  },
  entity_shader_clear_uniforms: ({ state }, { args: a }) => {
    state.gameplay.shader.get(liveEid(state, a.id))?.uniforms.clear();
  },
  entity_set_tint: ({ state }, { args: a }) => {
    state.gameplay.tint.set(liveEid(state, a.id), [a.r, a.g, a.b, a.a]);
  },
  entity_remove_tint: ({ state }, { args: a }) => {
    state.gameplay.tint.delete(liveEid(state, a.id));
  },
});
