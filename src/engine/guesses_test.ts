import { assertEquals } from "@std/assert";
import { Guesses } from "./guesses.ts";

// Which of `n` batches may guess, with a miss after each guess of those listed in `misses`.
function takes(guesses: Guesses, n: number, misses: (k: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    if (!guesses.take()) continue;
    out.push(k);
    if (misses(k)) guesses.missed();
    else guesses.held();
  }
  return out;
}

Deno.test("every batch may guess while guesses hold", () => {
  assertEquals(takes(new Guesses(), 5, () => false), [0, 1, 2, 3, 4]);
});

Deno.test("each miss doubles the wait, up to 64 batches", () => {
  const waits = (list: number[]) => list.slice(1).map((k, i) => k - list[i]! - 1);
  assertEquals(waits(takes(new Guesses(), 200, () => true)), [1, 2, 4, 8, 16, 32, 64, 64]);
});

Deno.test("a guess that holds makes the next miss wait one batch again", () => {
  const guesses = new Guesses();
  // Misses at 0 and 2 (waits 1 and 2), a hit at 5, then a miss at 6: a wait of 1.
  assertEquals(takes(guesses, 10, (k) => k !== 5), [0, 2, 5, 6, 8]);
});

Deno.test("only a guess that held is trusted, until one misses", () => {
  const guesses = new Guesses();
  assertEquals(guesses.trusted, false);
  guesses.held();
  assertEquals(guesses.trusted, true);
  guesses.missed();
  assertEquals([guesses.trusted, guesses.take()], [false, false]);
  assertEquals([guesses.trusted, guesses.take()], [false, true]);
  guesses.held();
  assertEquals(guesses.trusted, true);
});
