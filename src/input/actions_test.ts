import { assert, assertEquals } from "@std/assert";
import { ACTIONS, isAction } from "./actions.ts";
import { isKeyName, KEY_NAMES } from "./keys.ts";

Deno.test("ACTIONS are exactly the eight documented actions", () => {
  assertEquals([...ACTIONS], "up down left right action_1 action_2 back special".split(" "));
  assert(isAction("special"));
  assert(!isAction("jump"));
  assert(!isAction("toString"));
});

Deno.test("key names never collide with action names and are lowercase", () => {
  for (const key of KEY_NAMES) {
    assert(!isAction(key), key);
    assertEquals(key, key.toLowerCase());
  }
  assert(isKeyName("arrow_left"));
  assert(!isKeyName("ArrowLeft"));
  assertEquals(new Set(KEY_NAMES).size, KEY_NAMES.length);
});
