import { assert, assertEquals, assertThrows } from "@std/assert";
import { COMPONENT_LAYOUT, componentBit, ComponentsWriter } from "./components_part.ts";

Deno.test("a components part holds the ids ascending, then where each record starts", () => {
  const w = new ComponentsWriter();
  w.entity(3, componentBit("Position"));
  w.number(1);
  w.number(2);
  w.entity(9, componentBit("Animation"));
  w.text("walk");
  const part = w.finish();
  const view = new DataView(part.bytes.buffer);
  assertEquals(part.count, 2);
  assertEquals([view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true)], [
    2,
    3,
    9,
  ]);
  // 1-based positions, as string.unpack takes them: records start after 4 + 8 * 2 bytes.
  assertEquals([view.getUint32(12, true), view.getUint32(16, true)], [21, 21 + 2 + 16]);
  assertEquals(view.getUint16(20, true), 1);
  assertEquals(view.getFloat64(22, true), 1);
  assertEquals(view.getUint16(38, true), componentBit("Animation"));
  assertEquals(view.getUint32(40, true), 4);
  assertEquals(part.bytes.length, 48);
});

Deno.test("a components part refuses ids that do not ascend", () => {
  const w = new ComponentsWriter();
  w.entity(5, 0);
  assertThrows(() => w.entity(5, 0), RangeError, "Entity ids must ascend: 5 after 5");
  assertThrows(() => w.entity(2, 0), RangeError, "Entity ids must ascend: 2 after 5");
});

Deno.test("parts with the same bytes are the same; one changed number is not", () => {
  const part = (x: number) => {
    const w = new ComponentsWriter();
    w.entity(1, componentBit("Velocity"));
    w.number(x);
    w.number(0);
    return w.finish();
  };
  assert(part(1).sameAs(part(1)));
  assert(!part(1).sameAs(part(1.5)));
  assert(!part(1).sameAs(new ComponentsWriter().finish()));
});

Deno.test("component fields are declared in sorted order, the order Lua's tables get them", () => {
  for (const { name, fields } of COMPONENT_LAYOUT) {
    assertEquals([...fields].sort(), fields, name);
  }
  assertEquals(COMPONENT_LAYOUT.length <= 16, true, "the mask is 16 bits");
});
