import { assertEquals, assertThrows } from "@std/assert";
import {
  createStore,
  defineComponent,
  defineTag,
  growStore,
  InvalidComponentError,
  resetRow,
} from "./store.ts";

Deno.test("defineComponent freezes the definition and keeps field order", () => {
  const def = defineComponent("box", { w: 2, h: 3 });
  assertEquals(def.fields, ["w", "h"]);
  assertEquals(Object.isFrozen(def.defaults), true);
  assertEquals(defineTag("t").fields, []);
});

Deno.test("defineComponent rejects fields bitECS would misread and non-numbers", () => {
  assertThrows(() => defineComponent("x", { component: 1 }), InvalidComponentError, "component");
  assertThrows(
    () => defineComponent("x", { a: "1" as unknown as number }),
    InvalidComponentError,
    "must be a number",
  );
});

Deno.test("stores start at defaults, grow keeping rows, and reset rows", () => {
  const def = defineComponent("s", { x: 1, y: -1 });
  const store = createStore(def, 2);
  store.x[1] = 5;
  growStore(def, store, 4);
  assertEquals([...store.x], [1, 5, 1, 1]);
  assertEquals([...store.y], [-1, -1, -1, -1]);
  resetRow(def, store, 1);
  assertEquals(store.x[1], 1);
});
