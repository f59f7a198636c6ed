/**
 * Menus: item entities with text for renderers, keyboard navigation, a
 * cursor, selection sounds, and what selecting an item does (a Lua callback
 * or a built-in action).
 *
 * Semantics:
 *
 * - Item entities are spawned by the menu system (pre_update) the first
 *   frame it sees the menu, one per item, at (x, y + row × spacing), in
 *   screen space with `screen_space`, with the menu's z-index and
 *   persistence. `entity_menu_despawn` removes them with the menu.
 * - `up` / `down` (just pressed) move the selection, wrapping at both ends.
 *   With `with_menu_visible_count(n)` only n items are shown (the others
 *   have no position, so renderers skip them) and the window scrolls to
 *   keep the selection visible.
 * - `action_1` or `special` (just pressed) selects. With a callback,
 *   `fn({menu_id, item_id, item_index})` runs in the scripts stage of the
 *   same frame (`item_index` counts from 0) and actions are
 *   ignored. Without one, the item's action runs: `quit` asks the engine to
 *   stop, `set_scene` switches scene at the end of the frame,
 *   `show_submenu(key)` despawns this menu's items (the menu entity stays,
 *   hidden) and shows the menu of the entity registered as `key`. A menu
 *   named by some `show_submenu` action starts hidden until it is shown.
 * - The selection sound plays (is recorded in the audio log) when the
 *   selection moves.
 * - The cursor (`with_menu_cursor(key)`, the entity registered as `key`)
 *   is moved one font size left of the selected item.
 * - With dynamic text, labels are re-read each frame with `{key}` replaced
 *   by the world signal `key` (integer, scalar or string), e.g.
 *   `"Volume: {volume}"`.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import type { MenuData } from "../gameplay/mod.ts";
import {
  addComponent,
  eidOf,
  getComponent,
  hasComponent,
  isAlive,
  Persistent,
  Position,
  removeComponent,
  ScreenSpace,
  setComponent,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
import { despawnEntity } from "../ecs/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { byId } from "./entity_order.ts";

/**
 * A label with `{key}` replaced by world signal `key` (integer, then
 * scalar, then string; empty when unset).
 *
 * @example
 * ```ts
 * import { formatLabel } from "./menu.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * state.signals.setInteger("volume", 7);
 * console.assert(formatLabel(state, "Volume: {volume}") === "Volume: 7");
 * ```
 */
export function formatLabel(state: GameState, label: string): string {
  const s = state.signals;
  return label.replace(/\{([^{}]+)\}/g, (_, key: string) => {
    const v = s.getInteger(key) ?? s.getScalar(key) ?? s.getString(key);
    return v === undefined ? "" : String(v);
  });
}

function itemY(menu: MenuData, index: number): number {
  return menu.y + (index - menu.scroll) * menu.spacing;
}

function visible(menu: MenuData, index: number): boolean {
  const n = menu.visibleCount;
  return n === undefined || n <= 0 || (index >= menu.scroll && index < menu.scroll + n);
}

function keepSelectionVisible(menu: MenuData): void {
  const n = menu.visibleCount;
  if (n === undefined || n <= 0) {
    menu.scroll = 0;
    return;
  }
  if (menu.selected < menu.scroll) menu.scroll = menu.selected;
  if (menu.selected >= menu.scroll + n) menu.scroll = menu.selected - n + 1;
  menu.scroll = Math.max(0, Math.min(menu.scroll, Math.max(0, menu.items.length - n)));
}

function show(state: GameState, id: number, menu: MenuData): void {
  const { world, gameplay } = state;
  const z = getComponent(world, id, ZIndex)?.value;
  const persistent = hasComponent(world, id, Persistent);
  menu.itemEntities = menu.items.map((item) => {
    const itemId = spawnEntity(world);
    if (menu.screenSpace) addComponent(world, itemId, ScreenSpace);
    if (z !== undefined) setComponent(world, itemId, ZIndex, { value: z });
    if (persistent) addComponent(world, itemId, Persistent);
    gameplay.text.set(eidOf(world, itemId)!, {
      text: item.label,
      font: menu.font,
      size: menu.size,
      color: [...menu.normalColor],
    });
    return itemId;
  });
  const cursor = menu.cursor === undefined ? undefined : state.signals.getEntity(menu.cursor);
  if (menu.cursor !== undefined && (cursor === undefined || !isAlive(world, cursor))) {
    state.log.warn(`menu ${id}: no live cursor entity is registered as "${menu.cursor}"`);
  }
  menu.cursorEntity = cursor !== undefined && isAlive(world, cursor) ? cursor : null;
  menu.status = "shown";
  keepSelectionVisible(menu);
}

function hide(state: GameState, menu: MenuData): void {
  for (const item of menu.itemEntities) despawnEntity(state.world, item);
  menu.itemEntities = [];
  menu.status = "hidden";
  menu.pending = null;
}

function layout(state: GameState, menu: MenuData): void {
  const { world, gameplay } = state;
  menu.items.forEach((item, i) => {
    const itemId = menu.itemEntities[i];
    const eid = itemId === undefined ? undefined : eidOf(world, itemId);
    if (itemId === undefined || eid === undefined) return;
    if (visible(menu, i)) setComponent(world, itemId, Position, { x: menu.x, y: itemY(menu, i) });
    else removeComponent(world, itemId, Position);
    const text = gameplay.text.get(eid);
    if (text === undefined) return;
    text.color = [...(i === menu.selected ? menu.selectedColor : menu.normalColor)];
    if (menu.dynamicText) text.text = formatLabel(state, item.label);
  });
  if (menu.cursorEntity !== null && isAlive(world, menu.cursorEntity)) {
    setComponent(world, menu.cursorEntity, Position, {
      x: menu.x - menu.size,
      y: itemY(menu, menu.selected),
    });
  }
}

function select(state: GameState, id: number, menu: MenuData): void {
  const item = menu.items[menu.selected];
  if (item === undefined) return;
  if (menu.callback !== undefined) {
    menu.pending = menu.selected;
    return;
  }
  const action = menu.actions[item.id];
  if (action === undefined) return;
  if (action.kind === "quit") state.requests.quit = true;
  else if (action.kind === "set_scene") state.requests.switchScene = action.scene;
  else {
    const target = state.signals.getEntity(action.submenu);
    const eid = target === undefined ? undefined : eidOf(state.world, target);
    const submenu = eid === undefined ? undefined : state.gameplay.menu.get(eid);
    if (target === undefined || submenu === undefined) {
      state.log.warn(`menu ${id}: show_submenu: no menu is registered as "${action.submenu}"`);
      return;
    }
    hide(state, menu);
    if (submenu.status === "shown") hide(state, submenu);
    submenu.selected = 0;
    submenu.scroll = 0;
    show(state, target, submenu);
  }
}

function submenuIds(state: GameState, menus: readonly [number, number, MenuData][]): Set<number> {
  const ids = new Set<number>();
  for (const [, , menu] of menus) {
    for (const action of Object.values(menu.actions)) {
      if (action.kind !== "show_submenu") continue;
      const id = state.signals.getEntity(action.submenu);
      if (id !== undefined) ids.add(id);
    }
  }
  return ids;
}

/**
 * One menu frame (pre_update), menus in ascending id order: show new menus
 * (spawning their items), move the selection of menus shown at the start of
 * the frame from this frame's input, select, then lay out every shown menu
 * (positions, colours, dynamic labels, cursor). See the module docs for the
 * rules.
 *
 * @example
 * ```ts
 * import { menuStep } from "./menu.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { newMenu } from "../gameplay/mod.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * import type { InputSnapshot } from "../input/actions.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * const items = [{ id: "play", label: "Play" }, { id: "quit", label: "Quit" }];
 * state.gameplay.menu.set(eidOf(state.world, id)!, newMenu(items, 10, 10, "f", 12, 16, true));
 * const idle = { just_pressed: false, pressed: false, just_released: false };
 * const input = { actions: { up: idle, down: idle, action_1: idle, special: idle } } as unknown as InputSnapshot;
 * menuStep(state, input);
 * console.assert(state.gameplay.menu.get(eidOf(state.world, id)!)?.itemEntities.length === 2);
 * ```
 */
export function menuStep(state: GameState, input: InputSnapshot): void {
  const menus = byId(state.world, state.gameplay.menu);
  const shownAtStart = menus.filter(([, , m]) => m.status === "shown");
  const submenus = submenuIds(state, menus);
  for (const [id, , menu] of menus) {
    if (menu.status !== "new") continue;
    if (submenus.has(id)) menu.status = "hidden";
    else show(state, id, menu);
  }
  const a = input.actions;
  for (const [id, , menu] of shownAtStart) {
    const n = menu.items.length;
    if (menu.status !== "shown" || n === 0 || !isAlive(state.world, id)) continue;
    const before = menu.selected;
    if (a.up.just_pressed) menu.selected = (menu.selected - 1 + n) % n;
    if (a.down.just_pressed) menu.selected = (menu.selected + 1) % n;
    if (menu.selected !== before) {
      keepSelectionVisible(menu);
      if (menu.selectionSound !== undefined) {
        state.audio.push({ frame: state.log.frame, action: "play_sound", id: menu.selectionSound });
      }
    }
    if (a.action_1.just_pressed || a.special.just_pressed) select(state, id, menu);
  }
  for (const [, , menu] of byId(state.world, state.gameplay.menu)) {
    if (menu.status === "shown") layout(state, menu);
  }
}

/**
 * The Lua callbacks of this frame's menu selections (scripts stage), menus
 * in ascending id order: `fn({menu_id, item_id, item_index})`.
 *
 * @example
 * ```ts
 * import { planMenuCallbacks } from "./menu.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { newMenu } from "../gameplay/mod.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * const menu = newMenu([{ id: "play", label: "Play" }], 0, 0, "f", 12, 16, false);
 * menu.callback = "on_menu";
 * menu.pending = 0;
 * state.gameplay.menu.set(eidOf(state.world, id)!, menu);
 * console.assert(planMenuCallbacks(state).length === 1 && menu.pending === null);
 * ```
 */
export function planMenuCallbacks(state: GameState): PlannedCallback[] {
  const out: PlannedCallback[] = [];
  for (const [id, , menu] of byId(state.world, state.gameplay.menu)) {
    const index = menu.pending;
    menu.pending = null;
    const item = index === null ? undefined : menu.items[index];
    if (index === null || item === undefined || menu.callback === undefined) continue;
    out.push({
      kind: CallbackKind.Menu,
      fn: menu.callback,
      menu: { menuId: id, itemId: item.id, itemIndex: index },
      entity: id,
    });
  }
  return out;
}
