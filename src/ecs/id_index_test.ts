import { assertEquals, assertThrows } from "@std/assert";
import { IdIndex } from "./id_index.ts";

Deno.test("IdIndex finds live ids, forgets deleted ones and frees emptied pages", () => {
  const index = new IdIndex();
  for (let id = 1; id <= 600; id++) index.set(id, id + 1000);
  assertEquals(index.get(300), 1300);
  assertEquals(index.size, 600);
  for (let id = 1; id <= 512; id++) assertEquals(index.delete(id), id + 1000);
  assertEquals(index.delete(5), undefined);
  assertEquals(index.get(5), undefined);
  assertEquals(index.get(513), 1513);
  assertEquals(index.size, 88);
  assertEquals([...index.entries()][0], [513, 1513]);
});

Deno.test("IdIndex never matches ids that are not live integers", () => {
  const index = new IdIndex();
  index.set(1, 4);
  index.set(2, 5);
  for (const id of [1.5, 0, -0, -1, NaN, Infinity, 2 ** 31 + 1, 2 ** 32 + 1]) {
    assertEquals(index.get(id), undefined, `id ${id}`);
    assertEquals(index.has(id), false);
  }
});

Deno.test("IdIndex keeps ids past 32 bits and iterates in ascending order", () => {
  const index = new IdIndex();
  const ids = [3, 2 ** 31 - 1, 2 ** 31, 2 ** 40, 2 ** 53 - 1];
  ids.forEach((id, i) => index.set(id, i + 1));
  ids.forEach((id, i) => assertEquals(index.get(id), i + 1));
  assertEquals([...index.entries()].map(([id]) => id), ids);
  assertEquals(index.delete(2 ** 40), 4);
  assertEquals(index.get(2 ** 40), undefined);
});

Deno.test("IdIndex refuses rows that are not positive and ids out of order", () => {
  const index = new IdIndex();
  assertThrows(() => index.set(1, 0), RangeError, "Entity row must be positive: 0");
  index.set(5, 1);
  assertThrows(() => index.set(5, 2), RangeError, "Entity id 5 is not above the ids already");
  assertThrows(() => index.set(NaN, 2), RangeError, "Entity id NaN is not above");
  assertEquals(index.size, 1);
});
