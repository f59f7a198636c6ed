import { assertEquals } from "@std/assert";
import {
  allowedDistance,
  askAbout,
  closestNames,
  didYouMean,
  editDistance,
} from "./edit_distance.ts";

/** The textbook recursion of the same distance (optimal string alignment), memoised. */
function reference(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let best = Math.min(
      d(i - 1, j) + 1,
      d(i, j - 1) + 1,
      d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
    );
    if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
      best = Math.min(best, d(i - 2, j - 2) + 1);
    }
    memo.set(key, best);
    return best;
  };
  return d(a.length, b.length);
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("editDistance counts insertions, deletions, substitutions and swaps", () => {
  assertEquals(editDistance("", ""), 0);
  assertEquals(editDistance("", "abc"), 3);
  assertEquals(editDistance("abc", ""), 3);
  assertEquals(editDistance("spawn", "spawn"), 0);
  assertEquals(editDistance("spwan", "spawn"), 1);
  assertEquals(editDistance("entity_set_velocty", "entity_set_velocity"), 1);
  assertEquals(editDistance("with_positon", "with_position"), 1);
  assertEquals(editDistance("on_updte_menu", "on_update_menu"), 1);
  assertEquals(editDistance("kitten", "sitting"), 3);
  // Optimal string alignment: a swapped pair is not edited again.
  assertEquals(editDistance("ca", "abc"), 3);
});

Deno.test("editDistance agrees with the reference recursion on random strings", () => {
  const next = random(17);
  const word = (n: number) =>
    Array.from({ length: n }, () => "abc_"[Math.floor(next() * 4)]).join("");
  for (let k = 0; k < 2000; k++) {
    const a = word(Math.floor(next() * 8)), b = word(Math.floor(next() * 8));
    const d = editDistance(a, b);
    assertEquals(d, reference(a, b), `${a} / ${b}`);
    assertEquals(editDistance(b, a), d, `symmetric: ${a} / ${b}`);
    assertEquals(d >= Math.abs(a.length - b.length), true);
    assertEquals(d <= Math.max(a.length, b.length), true);
  }
});

Deno.test("one random edit of a name is at distance 1 and suggested back", () => {
  const next = random(99);
  const names = ["entity_set_velocity", "with_position", "on_update_menu", "load_texture"];
  for (let k = 0; k < 500; k++) {
    const name = names[k % names.length]!;
    const at = 1 + Math.floor(next() * (name.length - 2));
    const edits = [
      name.slice(0, at) + name.slice(at + 1), // delete
      name.slice(0, at) + "x" + name.slice(at), // insert
      name.slice(0, at) + "q" + name.slice(at + 1), // substitute
      name.slice(0, at - 1) + name[at] + name[at - 1] + name.slice(at + 1), // swap
    ];
    for (const typo of edits) {
      if (typo === name) continue;
      assertEquals(editDistance(typo, name), 1, `${typo} -> ${name}`);
      assertEquals(closestNames(typo, names)[0], name, typo);
    }
  }
});

Deno.test("closestNames keeps the nearest few within the allowed distance", () => {
  const api = ["entity_set_velocity", "collision_entity_set_velocity", "entity_set_speed", "spawn"];
  assertEquals(closestNames("entity_set_velocty", api), ["entity_set_velocity"]);
  assertEquals(closestNames("SPAWN", api), ["spawn"]);
  assertEquals(closestNames("explode", api), []);
  assertEquals(closestNames("spawn", api), []); // the name itself is not a suggestion
  assertEquals(closestNames("ab", ["ac", "ad", "ae", "af", "ab_"]), ["ab_", "ac", "ad"]);
  assertEquals(closestNames("ab", ["ac", "ad"], { limit: 1 }), ["ac"]);
  assertEquals(closestNames("abcdefgh", ["abcdefgh__"], { maxDistance: 1 }), []);
  assertEquals(allowedDistance("tick"), 1);
  assertEquals(allowedDistance("on_update"), 2);
  assertEquals(allowedDistance("entity_set_velocty"), 3);
});

Deno.test("askAbout and didYouMean name the candidates as a question", () => {
  assertEquals(askAbout([]), "");
  assertEquals(askAbout(["a"]), "did you mean `a`?");
  assertEquals(askAbout(["a", "b"]), "did you mean `a` or `b`?");
  assertEquals(askAbout(["a", "b", "c"]), "did you mean `a`, `b` or `c`?");
  assertEquals(didYouMean("on_hitt", ["on_hit", "on_setup"]), "did you mean `on_hit`?");
  assertEquals(didYouMean("nothing_like_it", ["on_hit"]), "");
});
