import { assertEquals, assertThrows } from "@std/assert";
import { DEFAULT_BINDINGS, KeyBindingError, withBindings } from "./bindings.ts";
import { isKeyName } from "./keys.ts";

Deno.test("default bindings use known keys and cover every action", () => {
  for (const key of DEFAULT_BINDINGS.keys()) assertEquals(isKeyName(key), true, key);
  assertEquals(
    new Set(DEFAULT_BINDINGS.values()),
    new Set(["up", "down", "left", "right", "action_1", "action_2", "back", "special"]),
  );
  assertEquals(DEFAULT_BINDINGS.get("w"), "up");
  assertEquals(DEFAULT_BINDINGS.get("enter"), "special");
});

Deno.test("withBindings binds, unbinds and leaves the base untouched", () => {
  const b = withBindings(DEFAULT_BINDINGS, { k: "action_2", space: null });
  assertEquals(b.get("k"), "action_2");
  assertEquals(b.has("space"), false);
  assertEquals(DEFAULT_BINDINGS.get("space"), "action_1");
});

Deno.test("withBindings rejects unknown keys and actions", () => {
  assertThrows(
    () => withBindings(DEFAULT_BINDINGS, { Space: "action_1" }),
    KeyBindingError,
    'Unknown key "Space" in key bindings',
  );
  assertThrows(
    () => withBindings(DEFAULT_BINDINGS, { k: "jump" }),
    KeyBindingError,
    'Unknown action "jump" bound to key "k"',
  );
});
