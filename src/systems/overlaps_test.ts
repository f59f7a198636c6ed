import { assertEquals, assertThrows } from "@std/assert";
import { type Box, BoxList, forEachOverlapIn } from "./overlaps.ts";

// Every pair of `as` x `bs` the exact test accepts, as "a:b" sorted.
function bruteForce(as: readonly Box[], bs: readonly Box[]): string[] {
  const out: string[] = [];
  for (const a of as) {
    for (const b of bs) {
      if (b.x0 >= a.x1 || b.x1 <= a.x0 || b.id === a.id || b.y0 >= a.y1 || b.y1 <= a.y0) continue;
      out.push(`${a.id}:${b.id}`);
    }
  }
  return out.sort();
}

function viaGrid(as: readonly Box[], bs: readonly Box[]): string[] {
  const out: string[] = [];
  const al = BoxList.of(as), bl = BoxList.of(bs);
  forEachOverlapIn(al, bl, (i, j) => out.push(`${al.ids[i]}:${bl.ids[j]}`));
  return out.sort();
}

function randomBoxes(next: () => number, n: number, firstId: number): Box[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = next() % 20;
    // Mostly small boxes, some wide ones, some on grid lines, some empty, negative places too.
    const w = kind === 0 ? 500 + next() % 3000 : kind === 1 ? 0 : 1 + next() % 40;
    const h = kind === 0 ? 1 + next() % 3000 : kind === 1 ? 0 : 1 + next() % 40;
    const x = kind === 2 ? (next() % 20) * 10 : (next() % 2000) - 1000;
    const y = kind === 2 ? (next() % 20) * 10 : (next() % 2000) - 1000;
    return { id: firstId + i, x0: x, y0: y, x1: x + w, y1: y + h };
  });
}

Deno.test("the grid finds exactly the overlapping pairs a full comparison finds", () => {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
  for (let round = 0; round < 40; round++) {
    const as = randomBoxes(next, 1 + next() % 300, 1);
    const bs = round % 4 === 0 ? as : randomBoxes(next, 1 + next() % 300, 10_000);
    assertEquals(viaGrid(as, bs), bruteForce(as, bs), `round ${round}`);
  }
});

Deno.test("touching edges do not overlap; one entity does not meet itself; odd boxes still meet", () => {
  const a: Box = { id: 1, x0: 0, y0: 0, x1: 10, y1: 10 };
  const boxes: Box[] = [
    { id: 2, x0: 10, y0: 0, x1: 20, y1: 10 }, // touches a's right edge
    { id: 3, x0: 9.5, y0: 9.5, x1: 30, y1: 30 }, // overlaps a corner
    { id: 1, x0: 0, y0: 0, x1: 10, y1: 10 }, // a itself
    { id: 4, x0: -1e9, y0: -1e9, x1: 1e9, y1: 1e9 }, // over every cell
    { id: 5, x0: 5, y0: 5, x1: Infinity, y1: 6 }, // no finite right edge
  ];
  assertEquals(viaGrid([a], boxes), ["1:3", "1:4", "1:5"]);
  assertEquals(viaGrid([a], boxes), bruteForce([a], boxes));
  assertEquals(viaGrid([], boxes), []);
  assertEquals(viaGrid(boxes, []), []);
});

Deno.test("boxes far out, whose cells are numbered beyond 32 bits, still meet", () => {
  // Cells here are 40 wide: the first two places straddle cell 2 ** 31.
  for (const at of [2 ** 31 * 40 - 15, -(2 ** 31) * 40 - 15, 1e12, 2 ** 53]) {
    const as: Box[] = [{ id: 1, x0: at, y0: at, x1: at + 20, y1: at + 20 }];
    const bs: Box[] = [
      { id: 2, x0: at + 10, y0: at + 10, x1: at + 30, y1: at + 30 },
      { id: 3, x0: at - 15, y0: at + 5, x1: at + 5, y1: at + 25 },
    ];
    assertEquals(viaGrid(as, bs), bruteForce(as, bs), `at ${at}`);
  }
});

Deno.test("boxes so far out that cell numbers pass 2^53 still meet, and end", () => {
  // Cells about 8,000 wide (the mean box size), and two boxes near 1e20: cell numbers near 1.3e16,
  // where adding one changes nothing, so counting cells through them never ended.
  const near: Box[] = Array.from({ length: 60 }, (_, i) => ({
    id: 10 + i,
    x0: i * 20,
    y0: 0,
    x1: i * 20 + 10,
    y1: 10,
  }));
  const far: Box[] = [
    { id: 1, x0: 1e20, y0: 0, x1: 1e20 + 1e5, y1: 10 },
    { id: 2, x0: 1e20, y0: 5, x1: 1e20 + 1e5, y1: 15 },
  ];
  const all = [...near, ...far];
  assertEquals(viaGrid(far, all), bruteForce(far, all));
  assertEquals(viaGrid(all, all), bruteForce(all, all));
  assertEquals(viaGrid(all, all).includes("1:2"), true);
});

Deno.test("lists of mostly NaN or empty boxes, or with a few huge ones, meet as a full comparison says", () => {
  const small = (id: number, x: number): Box => ({ id, x0: x, y0: x, x1: x + 4, y1: x + 4 });
  const nan: Box[] = Array.from({ length: 9 }, (_, i) => ({
    id: 100 + i,
    x0: i < 6 ? NaN : i * 3,
    y0: 0,
    x1: i * 3 + 5,
    y1: 5,
  }));
  const flat: Box[] = Array.from(
    { length: 9 },
    (_, i) => ({ id: 200 + i, x0: i, y0: i, x1: i, y1: i + 1 }),
  );
  const many = Array.from({ length: 300 }, (_, i) => small(1 + i, (i * 7) % 290));
  const huge: Box[] = [
    { id: 900, x0: -1e6, y0: -1e6, x1: 1e6, y1: 1e6 },
    { id: 901, x0: 0, y0: 0, x1: 5e5, y1: 20 },
  ];
  const cases: [Box[], Box[]][] = [
    [nan, many],
    [many, nan],
    [flat, many],
    [nan, flat],
    [[...many, ...huge], many],
    [huge, [...many, ...huge]],
  ];
  for (const [k, [as, bs]] of cases.entries()) {
    assertEquals(viaGrid(as, bs), bruteForce(as, bs), `case ${k}`);
  }
});

Deno.test("the broad phase refuses to run inside its own visit, and runs again afterwards", () => {
  const as = BoxList.of([{ id: 1, x0: 0, y0: 0, x1: 10, y1: 10 }]);
  const bs = BoxList.of([{ id: 2, x0: 5, y0: 5, x1: 15, y1: 15 }]);
  assertThrows(
    () => forEachOverlapIn(as, bs, () => forEachOverlapIn(as, bs, () => {})),
    Error,
    "called again from its own visit",
  );
  const met: number[] = [];
  forEachOverlapIn(as, bs, (i, j) => met.push(as.ids[i]!, bs.ids[j]!));
  assertEquals(met, [1, 2]);
});
