/**
 * The Lua callbacks the running world names: phase callbacks, Lua timers,
 * collision rules, menu callbacks, CVar change handlers and the running
 * scene's update. A reload of the
 * game's scripts must still define every one of them, or the world would
 * call functions that are gone.
 *
 * @module
 */
import { sceneUpdateCallback } from "../api/callback_names.ts";
import type { GameState } from "../state/game_state.ts";
import type { CVarRegistry } from "../cvar/mod.ts";
import { idOf } from "../ecs/mod.ts";

/**
 * Every callback name the world uses, each with where it is first used
 * (`"entity 4's phase 'idle'"`), in a stable order: phases, timers,
 * collision rules and menus by entity, then CVar handlers, then the update
 * of `scene` when `functions` (the game's current ones) has it.
 *
 * @example
 * ```ts ignore
 * import { callbacksInUse } from "./callbacks_in_use.ts";
 * const used = callbacksInUse(engine.state, engine.cvars);
 * used.get("ball_update"); // "entity 3's phase 'idle'"
 * ```
 */
export function callbacksInUse(
  state: GameState,
  cvars: CVarRegistry,
  scene?: string,
  functions?: ReadonlySet<string>,
): Map<string, string> {
  const used = new Map<string, string>();
  const use = (name: string | undefined, where: () => string) => {
    if (name !== undefined && !used.has(name)) used.set(name, where());
  };
  const { world, gameplay } = state;
  const entity = (eid: number) => `entity ${idOf(world, eid) ?? `#${eid}`}`;
  for (const [eid, phase] of gameplay.phase.entries()) {
    for (const [name, cbs] of Object.entries(phase.callbacks)) {
      const where = () => `${entity(eid)}'s phase '${name}'`;
      use(cbs.enter, where);
      use(cbs.update, where);
      use(cbs.exit, where);
    }
  }
  for (const [eid, timer] of gameplay.luaTimer.entries()) {
    use(timer.callback, () => `${entity(eid)}'s timer`);
  }
  for (const [eid, rules] of gameplay.collisionRules.entries()) {
    for (const r of rules) {
      use(r.callback, () => `${entity(eid)}'s collision rule ${r.groupA}/${r.groupB}`);
    }
  }
  for (const [eid, menu] of gameplay.menu.entries()) {
    use(menu.callback, () => `${entity(eid)}'s menu`);
  }
  for (const info of cvars.list()) {
    for (const handler of cvars.handlers(info.name)) {
      use(handler, () => `the change handler of cvar ${info.name}`);
    }
  }
  // A scene need not have an update; one it had must not vanish (the scene would stop silently).
  const update = scene === undefined ? undefined : sceneUpdateCallback(scene);
  if (update !== undefined && functions?.has(update)) use(update, () => `scene '${scene}'`);
  return used;
}
