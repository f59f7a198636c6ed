import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  COMPONENT_LAYOUT,
  componentBit,
  ComponentsPart,
  ComponentsWriter,
  ExpiredPartError,
} from "./components_part.ts";

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
    assertEquals<readonly string[]>([...fields].sort(), fields, name);
  }
  assertEquals(COMPONENT_LAYOUT.length <= 16, true, "the mask is 16 bits");
});

Deno.test("a part finds each entity's record, first, middle and last, and none for others", () => {
  const w = new ComponentsWriter();
  for (const id of [2, 5, 9]) {
    w.entity(id, componentBit("Rotation"));
    w.number(id * 10);
  }
  const part = w.finish();
  for (const id of [2, 5, 9]) {
    const record = part.record(id)!;
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    assertEquals([record.length, view.getUint16(0, true), view.getFloat64(2, true)], [
      10,
      componentBit("Rotation"),
      id * 10,
    ]);
  }
  for (const id of [1, 3, 10]) assertEquals(part.record(id), undefined);
  assertEquals(new ComponentsWriter().finish().record(1), undefined);
});

Deno.test("a part written later is written when first read, and never once it expired", () => {
  let writes = 0;
  const later = () =>
    ComponentsPart.later(() => {
      writes++;
      return new ComponentsWriter().finish().bytes;
    });
  const read = later();
  assertEquals([read.count, read.count, writes], [0, 0, 1]);
  read.expire();
  assertEquals(read.count, 0, "a written part stays readable");
  const unread = later();
  unread.expire();
  assertThrows(() => unread.bytes, ExpiredPartError, "Components part read after the world");
  assertEquals(writes, 1);
});
