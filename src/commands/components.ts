/**
 * `apply_components`: the one path that turns builder records into
 * components, shared by spawn and clone (for clone the records are the
 * overrides applied over the copied components). Records apply in call order.
 *
 * @module
 */
import { type BuilderRecord, type BuilderRecordName, BUILDERS } from "../api/mod.ts";
import {
  addComponent,
  Collider,
  Friction,
  Frozen,
  hasComponent,
  MaxSpeed,
  Persistent,
  Position,
  removeComponent,
  Rotation,
  Scale,
  ScreenSpace,
  Velocity,
  ZIndex,
} from "../ecs/mod.ts";
import {
  colorOf,
  emptySprite,
  type MenuAction,
  type MenuData,
  newMenu,
  newTween,
  parseCondition,
  parseMenuItems,
  parseParticleEmitter,
  parsePhaseDef,
  parseUniforms,
  type Rgba,
  sameRule,
  type TextData,
  type Tween,
  type TweenTarget,
} from "../gameplay/mod.ts";
import type { SignalsApi } from "../signals/mod.ts";
import { type ApplyContext, liveEid, writeComponent } from "./context.ts";
import { SkippedCommandError } from "./errors.ts";
import type { GameState } from "../state/game_state.ts";

/** The entity being built. */
interface Build {
  readonly ctx: ApplyContext;
  readonly state: GameState;
  readonly id: number;
  readonly eid: number;
}

type RecordArgs<M extends BuilderRecordName> = Extract<BuilderRecord, { method: M }>["args"];
type RecordTable = { readonly [M in BuilderRecordName]: (b: Build, args: RecordArgs<M>) => void };

const WHITE: Rgba = [255, 255, 255, 255];

function tweenOf(b: Build, target: TweenTarget): Tween {
  const tween = b.state.gameplay.tweens.get(b.eid)?.[target];
  if (tween === undefined) throw new SkippedCommandError(`needs with_tween_${target} first`);
  return tween;
}

function startTween(b: Build, target: TweenTarget, from: number[], to: number[], seconds: number) {
  b.state.gameplay.tweens.ensure(b.eid, () => ({}))[target] = newTween(from, to, seconds);
}

function menuOf(b: Build): MenuData {
  const menu = b.state.gameplay.menu.get(b.eid);
  if (menu === undefined) throw new SkippedCommandError("needs with_menu first");
  return menu;
}

function addMenuAction(b: Build, itemId: string, action: MenuAction): void {
  const menu = menuOf(b);
  if (!menu.items.some((item) => item.id === itemId)) {
    throw new SkippedCommandError(`the menu has no item "${itemId}"`);
  }
  menu.actions[itemId] = action;
}

function textOf(b: Build): TextData {
  return b.state.gameplay.text.ensure(b.eid, () => ({ text: "", color: [...WHITE] }));
}

function signalsOf(b: Build): SignalsApi {
  return b.state.world.entitySignals.ensure(b.eid);
}

function requireColor(value: Parameters<typeof colorOf>[0], what: string): Rgba {
  const color = colorOf(value);
  if (color === undefined) throw new SkippedCommandError(`${what} must be {r, g, b, a?}`);
  return color;
}

const RECORDS: RecordTable = {
  with_position: ({ state, id }, a) => {
    writeComponent(state, id, Position, { x: a.x, y: a.y });
    removeComponent(state.world, id, ScreenSpace);
  },
  with_screen_position: ({ state, id }, a) => {
    writeComponent(state, id, Position, { x: a.x, y: a.y });
    addComponent(state.world, id, ScreenSpace);
  },
  with_rotation: ({ state, id }, a) => writeComponent(state, id, Rotation, { degrees: a.deg }),
  with_scale: ({ state, id }, a) => writeComponent(state, id, Scale, { x: a.sx, y: a.sy }),
  with_velocity: ({ state, id }, a) => writeComponent(state, id, Velocity, { x: a.vx, y: a.vy }),
  with_accel: ({ state, id, eid }, a) => {
    state.world.forces.set(eid, a.name, a.x, a.y, a.enabled ?? true);
    // A body with forces moves: it has a velocity (ctx.vel) from its first
    // callback, not only after physics first runs.
    if (!hasComponent(state.world, id, Velocity)) {
      writeComponent(state, id, Velocity, { x: 0, y: 0 });
    }
  },
  with_friction: ({ state, id }, a) => writeComponent(state, id, Friction, { value: a.f }),
  with_max_speed: ({ state, id }, a) => writeComponent(state, id, MaxSpeed, { value: a.s }),
  with_frozen: ({ state, id }) => void addComponent(state.world, id, Frozen),
  with_collider: ({ state, id }, a) =>
    writeComponent(state, id, Collider, {
      w: a.w,
      h: a.h,
      originX: a.origin_x,
      originY: a.origin_y,
    }),
  with_collider_offset: ({ state, id }, a) => {
    if (!hasComponent(state.world, id, Collider)) {
      throw new SkippedCommandError("needs with_collider first");
    }
    writeComponent(state, id, Collider, { offsetX: a.x, offsetY: a.y });
  },
  with_group: ({ state, eid }, a) => void state.world.groups.add(eid, a.name),
  with_zindex: ({ state, id }, a) => writeComponent(state, id, ZIndex, { value: a.z }),
  with_sprite: ({ state, eid }, a) => {
    const sprite = state.gameplay.sprite.ensure(eid, emptySprite);
    Object.assign(sprite, {
      texture: a.texture,
      w: a.w,
      h: a.h,
      originX: a.origin_x,
      originY: a.origin_y,
    });
  },
  with_sprite_flip: ({ state, eid }, a) => {
    Object.assign(state.gameplay.sprite.ensure(eid, emptySprite), { flipX: a.x, flipY: a.y });
  },
  with_sprite_offset: ({ state, eid }, a) => {
    Object.assign(state.gameplay.sprite.ensure(eid, emptySprite), { offsetX: a.x, offsetY: a.y });
  },
  with_animation: ({ state, eid }, a) =>
    state.gameplay.animation.set(eid, { key: a.anim, frame: 0, elapsed: 0 }),
  with_animation_controller: ({ state, eid }, a) => {
    const rules = state.gameplay.animationController.get(eid)?.rules ?? [];
    state.gameplay.animationController.set(eid, { fallback: a.fallback, rules });
  },
  with_animation_rule: ({ state, eid }, a) => {
    const controller = state.gameplay.animationController.get(eid);
    if (controller === undefined) {
      throw new SkippedCommandError("needs with_animation_controller first");
    }
    const condition = parseCondition(a.condition);
    if (condition === undefined) {
      throw new SkippedCommandError("the condition table has no known shape");
    }
    controller.rules.push({ condition, anim: a.anim });
  },
  with_text: (b, a) => {
    const text = textOf(b);
    text.text = a.text;
    if (a.font !== undefined) text.font = a.font;
    if (a.size !== undefined) text.size = a.size;
    text.color = [
      a.r ?? text.color[0],
      a.g ?? text.color[1],
      a.b ?? text.color[2],
      a.a ?? text.color[3],
    ];
  },
  with_tint: ({ state, eid }, a) => state.gameplay.tint.set(eid, [a.r, a.g, a.b, a.a]),
  with_shader: ({ state, eid }, a) => {
    const { uniforms, rejected } = a.uniforms
      ? parseUniforms(a.uniforms)
      : { uniforms: new Map(), rejected: [] };
    state.gameplay.shader.set(eid, { key: a.shader, uniforms });
    if (rejected.length > 0) {
      state.log.warn(
        `with_shader: uniforms ${rejected.join(", ")} are not a number, {x, y} or {x, y, z, w}`,
      );
    }
  },
  with_signals: (b) => void signalsOf(b),
  with_signal_scalar: (b, a) => signalsOf(b).setScalar(a.key, a.value),
  with_signal_integer: (b, a) => signalsOf(b).setInteger(a.key, a.value),
  with_signal_string: (b, a) => signalsOf(b).setString(a.key, a.value),
  with_signal_flag: (b, a) => signalsOf(b).setFlag(a.key),
  with_signal_binding: (b, a) => void (textOf(b).binding = a.world_key),
  with_signal_binding_format: (b, a) => void (textOf(b).format = a.format),
  with_phase: ({ state, eid }, a) => {
    const phase = parsePhaseDef(a.def);
    if (!phase.ok) throw new SkippedCommandError(phase.error);
    state.gameplay.phase.set(eid, phase.value);
  },
  with_lua_timer: ({ state, eid }, a) =>
    state.gameplay.luaTimer.set(eid, { duration: a.seconds, elapsed: 0, callback: a.callback }),
  with_ttl: ({ state, eid }, a) => state.gameplay.ttl.set(eid, { duration: a.seconds, elapsed: 0 }),
  // The rule is the entity's: it ends when the entity is despawned (or a scene switch removes it).
  with_lua_collision_rule: ({ state, eid }, a) => {
    const rule = { groupA: a.group_a, groupB: a.group_b, callback: a.callback };
    const rules = state.gameplay.collisionRules.ensure(eid, () => []);
    if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
  },
  with_stuckto: ({ state, id, eid }, a) => {
    if (a.target_id === id) throw new SkippedCommandError("an entity cannot stick to itself");
    liveEid(state, a.target_id);
    const link = state.gameplay.stuckto.get(eid);
    state.gameplay.stuckto.set(eid, {
      offsetX: 0,
      offsetY: 0,
      storedVx: 0,
      storedVy: 0,
      ...link,
      target: a.target_id,
      followX: a.follow_x,
      followY: a.follow_y,
    });
  },
  with_stuckto_offset: ({ state, eid }, a) => {
    const link = state.gameplay.stuckto.get(eid);
    if (link === undefined) throw new SkippedCommandError("needs with_stuckto first");
    Object.assign(link, { offsetX: a.x, offsetY: a.y });
  },
  with_stuckto_stored_velocity: ({ state, eid }, a) => {
    const link = state.gameplay.stuckto.get(eid);
    if (link === undefined) throw new SkippedCommandError("needs with_stuckto first");
    Object.assign(link, { storedVx: a.vx, storedVy: a.vy });
  },
  with_tween_position: (b, a) => startTween(b, "position", [a.fx, a.fy], [a.tx, a.ty], a.seconds),
  with_tween_position_easing: (b, a) => void (tweenOf(b, "position").easing = a.easing),
  with_tween_position_loop: (b, a) => void (tweenOf(b, "position").loop = a.mode),
  with_tween_position_backwards: (b) => void (tweenOf(b, "position").backwards = true),
  with_tween_rotation: (b, a) => startTween(b, "rotation", [a.from], [a.to], a.seconds),
  with_tween_rotation_easing: (b, a) => void (tweenOf(b, "rotation").easing = a.easing),
  with_tween_rotation_loop: (b, a) => void (tweenOf(b, "rotation").loop = a.mode),
  with_tween_rotation_backwards: (b) => void (tweenOf(b, "rotation").backwards = true),
  with_tween_scale: (b, a) => startTween(b, "scale", [a.fx, a.fy], [a.tx, a.ty], a.seconds),
  with_tween_scale_easing: (b, a) => void (tweenOf(b, "scale").easing = a.easing),
  with_tween_scale_loop: (b, a) => void (tweenOf(b, "scale").loop = a.mode),
  with_tween_scale_backwards: (b) => void (tweenOf(b, "scale").backwards = true),
  with_mouse_controlled: ({ state, eid }, a) =>
    state.gameplay.mouseControlled.set(eid, { followX: a.follow_x, followY: a.follow_y }),
  with_persistent: ({ state, id }) => void addComponent(state.world, id, Persistent),
  with_grid_layout: ({ state, eid }, a) =>
    state.gameplay.gridLayout.set(eid, {
      path: a.path,
      group: a.group,
      zindex: a.zindex,
      done: false,
    }),
  with_particle_emitter: ({ state, eid }, a) => {
    const emitter = parseParticleEmitter(a.def);
    if (!emitter.ok) throw new SkippedCommandError(emitter.error);
    state.gameplay.particleEmitter.set(eid, emitter.value);
  },
  with_menu: ({ state, eid }, a) => {
    const items = parseMenuItems(a.items);
    if (items === undefined) throw new SkippedCommandError("every menu item needs a string id");
    const menu = newMenu(items, a.x, a.y, a.font, a.size, a.spacing, a.screen_space ?? false);
    state.gameplay.menu.set(eid, menu);
  },
  with_menu_colors: (b, a) => {
    const menu = menuOf(b);
    menu.normalColor = requireColor(a.normal, "normal");
    menu.selectedColor = requireColor(a.selected, "selected");
  },
  with_menu_cursor: (b, a) => void (menuOf(b).cursor = a.key),
  with_menu_dynamic_text: (b, a) => void (menuOf(b).dynamicText = a.on),
  with_menu_callback: (b, a) => void (menuOf(b).callback = a.callback),
  with_menu_selection_sound: (b, a) => void (menuOf(b).selectionSound = a.sound),
  with_menu_visible_count: (b, a) => void (menuOf(b).visibleCount = a.n),
  with_menu_action_quit: (b, a) => addMenuAction(b, a.item_id, { kind: "quit" }),
  with_menu_action_set_scene: (b, a) =>
    addMenuAction(b, a.item_id, { kind: "set_scene", scene: a.scene }),
  with_menu_action_show_submenu: (b, a) =>
    addMenuAction(b, a.item_id, { kind: "show_submenu", submenu: a.submenu }),
  register_as: ({ state, id }, a) => state.signals.setEntity(a.key, id),
};

// Parameters holding entity ids, per builder method (provisional ids resolve there).
const ID_PARAMS: ReadonlyMap<string, readonly string[]> = new Map(
  BUILDERS.map((m) => [m.name, m.params.filter((p) => p.type === "id").map((p) => p.name)]),
);

function resolveRecord(ctx: ApplyContext, record: BuilderRecord): BuilderRecord {
  const names = ID_PARAMS.get(record.method) ?? [];
  const args = record.args as Record<string, unknown>;
  const resolved = ctx.ids.resolveArgs(args, names, "earlier in this callback");
  return resolved === args ? record : { ...record, args: resolved } as BuilderRecord;
}

/**
 * Apply builder `records` to live entity `id` in order. A record that cannot
 * apply (unresolvable provisional id, dead stuckto target, modifier before
 * its base method, malformed table) is skipped with one log line
 * `<command>: <method>: <reason>`; the other records still apply.
 *
 * @example
 * ```ts
 * import { applyComponents } from "./components.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { getComponent, Position, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * const ctx = { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() };
 * applyComponents(ctx, id, [{ method: "with_position", args: { x: 5, y: 6 } }], "spawn");
 * console.assert(getComponent(state.world, id, Position)?.y === 6);
 * ```
 */
export function applyComponents(
  ctx: ApplyContext,
  id: number,
  records: readonly BuilderRecord[],
  command: string,
): void {
  const state = ctx.state;
  const build: Build = { ctx, state, id, eid: liveEid(state, id) };
  for (const record of records) {
    try {
      const resolved = resolveRecord(ctx, record);
      // RECORDS is keyed by every method, so the entry matches the args' type.
      const apply = RECORDS[resolved.method] as (b: Build, args: BuilderRecord["args"]) => void;
      apply(build, resolved.args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const line = `${command}: ${record.method}: ${message}`;
      if (e instanceof SkippedCommandError) state.log.warn(line);
      else state.log.error(line);
    }
  }
}
