import { assert, assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import { type MenuData, newMenu } from "../gameplay/mod.ts";
import {
  eidOf,
  getComponent,
  hasComponent,
  isAlive,
  Position,
  ScreenSpace,
  setComponent,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import { InputBuilder } from "../input/input_builder.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { menuStep, planMenuCallbacks } from "./menu.ts";

const ITEMS = [
  { id: "play", label: "Play" },
  { id: "options", label: "Options" },
  { id: "quit", label: "Quit" },
];

/** Feeds one frame of key taps per call. */
class Keys {
  #input = new InputBuilder();
  #frame = 0;
  tap(...keys: string[]): InputSnapshot {
    for (const k of keys) this.#input.apply({ type: "press", name: k });
    const snap = this.#input.endFrame(this.#frame++);
    for (const k of keys) this.#input.apply({ type: "release", name: k });
    return snap;
  }
}

function addMenu(state: GameState, items = ITEMS, edit: (m: MenuData) => void = () => {}) {
  const id = spawnEntity(state.world);
  const menu = newMenu(items, 100, 200, "main", 16, 20, true);
  edit(menu);
  state.gameplay.menu.set(eidOf(state.world, id)!, menu);
  return { id, menu };
}

const texts = (state: GameState, menu: MenuData) =>
  menu.itemEntities.map((id) => state.gameplay.text.get(eidOf(state.world, id)!));

Deno.test("a new menu spawns one text entity per item, laid out with the selection coloured", () => {
  const state = createGameState();
  const { menu } = addMenu(state);
  menuStep(state, new Keys().tap());
  assertEquals(menu.itemEntities.length, 3);
  assertEquals(
    menu.itemEntities.map((id) => getComponent(state.world, id, Position)),
    [{ x: 100, y: 200 }, { x: 100, y: 220 }, { x: 100, y: 240 }],
  );
  assert(menu.itemEntities.every((id) => hasComponent(state.world, id, ScreenSpace)));
  assertEquals(texts(state, menu).map((t) => [t?.text, t?.font, t?.size, t?.color[2]]), [
    ["Play", "main", 16, 0],
    ["Options", "main", 16, 255],
    ["Quit", "main", 16, 255],
  ]);
});

Deno.test("up and down wrap, play the selection sound and move the cursor", () => {
  const state = createGameState();
  const cursor = spawnEntity(state.world);
  state.signals.setEntity("arrow", cursor);
  const { menu } = addMenu(state, ITEMS, (m) => {
    m.selectionSound = "blip";
    m.cursor = "arrow";
  });
  const keys = new Keys();
  menuStep(state, keys.tap());
  menuStep(state, keys.tap("up"));
  assertEquals(menu.selected, 2);
  assertEquals(getComponent(state.world, cursor, Position), { x: 84, y: 240 });
  menuStep(state, keys.tap("down"));
  assertEquals(menu.selected, 0);
  menuStep(state, keys.tap("down"));
  assertEquals(menu.selected, 1);
  assertEquals(texts(state, menu).map((t) => t?.color[2]), [255, 0, 255]);
  assertEquals(state.audio.map((a) => a.id), ["blip", "blip", "blip"]);
});

Deno.test("a visible count shows a window of items that scrolls with the selection", () => {
  const state = createGameState();
  const items = ["a", "b", "c", "d", "e"].map((id) => ({ id, label: id }));
  const { menu } = addMenu(state, items, (m) => void (m.visibleCount = 2));
  const keys = new Keys();
  const shown = () =>
    menu.itemEntities.map((id) => getComponent(state.world, id, Position)?.y ?? null);
  menuStep(state, keys.tap());
  assertEquals(shown(), [200, 220, null, null, null]);
  menuStep(state, keys.tap("down"));
  menuStep(state, keys.tap("down"));
  assertEquals(shown(), [null, 200, 220, null, null]);
  menuStep(state, keys.tap("up"));
  menuStep(state, keys.tap("up"));
  menuStep(state, keys.tap("up")); // wraps to the last item
  assertEquals([menu.selected, shown()], [4, [null, null, null, 200, 220]]);
});

Deno.test("with a callback, selecting plans fn({menu_id, item_id, item_index}) once", () => {
  const state = createGameState();
  const { id, menu } = addMenu(state, ITEMS, (m) => {
    m.callback = "on_menu";
    m.actions.quit = { kind: "quit" };
  });
  const keys = new Keys();
  menuStep(state, keys.tap());
  menuStep(state, keys.tap("up"));
  menuStep(state, keys.tap("action_1"));
  assertEquals(planMenuCallbacks(state), [{
    kind: CallbackKind.Menu,
    fn: "on_menu",
    menu: { menuId: id, itemId: "quit", itemIndex: 2 },
    entity: id,
  }]);
  assertEquals(state.requests.quit, false, "the callback replaces actions");
  assertEquals(planMenuCallbacks(state), []);
  assertEquals(menu.pending, null);
});

Deno.test("without a callback, actions quit and switch scene", () => {
  const state = createGameState();
  addMenu(state, ITEMS, (m) => {
    m.actions.play = { kind: "set_scene", scene: "level1" };
    m.actions.quit = { kind: "quit" };
  });
  const keys = new Keys();
  menuStep(state, keys.tap());
  menuStep(state, keys.tap("special"));
  assertEquals(state.requests.switchScene, "level1");
  menuStep(state, keys.tap("up"));
  menuStep(state, keys.tap("action_1"));
  assertEquals(state.requests.quit, true);
});

Deno.test("show_submenu swaps this menu's items for the submenu's; the submenu starts hidden", () => {
  const state = createGameState();
  const main = addMenu(state, ITEMS, (m) => {
    m.actions.options = { kind: "show_submenu", submenu: "options_menu" };
  });
  const sub = addMenu(state, [{ id: "back", label: "Back" }, { id: "vol", label: "Volume" }]);
  state.signals.setEntity("options_menu", sub.id);
  const keys = new Keys();
  menuStep(state, keys.tap());
  assertEquals([main.menu.status, sub.menu.status], ["shown", "hidden"]);
  assertEquals(sub.menu.itemEntities, []);
  const mainItems = [...main.menu.itemEntities];
  menuStep(state, keys.tap("down"));
  menuStep(state, keys.tap("action_1"));
  assertEquals([main.menu.status, sub.menu.status], ["hidden", "shown"]);
  assert(mainItems.every((id) => !isAlive(state.world, id)));
  assertEquals(texts(state, sub.menu).map((t) => t?.text), ["Back", "Volume"]);
  // The press that opened the submenu did not also select in it.
  assertEquals(sub.menu.selected, 0);
  assert(isAlive(state.world, main.id));
});

Deno.test("dynamic text re-reads world signals into the labels each frame", () => {
  const state = createGameState();
  const { menu } = addMenu(state, [{ id: "vol", label: "Volume: {volume}" }], (m) => {
    m.dynamicText = true;
  });
  const keys = new Keys();
  state.signals.setInteger("volume", 3);
  menuStep(state, keys.tap());
  assertEquals(texts(state, menu)[0]?.text, "Volume: 3");
  state.signals.setInteger("volume", 4);
  menuStep(state, keys.tap());
  assertEquals(texts(state, menu)[0]?.text, "Volume: 4");
});

Deno.test("items take the menu's z-index", () => {
  const state = createGameState();
  const { id, menu } = addMenu(state);
  setComponent(state.world, id, ZIndex, { value: 30 });
  menuStep(state, new Keys().tap());
  assertEquals(menu.itemEntities.map((i) => getComponent(state.world, i, ZIndex)?.value), [
    30,
    30,
    30,
  ]);
});
