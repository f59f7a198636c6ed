/**
 * "Did you mean ...?": the edit distance between two names and the few close
 * names a misspelt one was most likely meant to be.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./edit_distance.ts";
 * didYouMean("entity_set_velocty", ["entity_set_velocity", "spawn"]);
 * // "did you mean `entity_set_velocity`?"
 * ```
 *
 * @module
 */

/**
 * Damerau-Levenshtein distance (optimal string alignment): how many single
 * character insertions, deletions, substitutions and swaps of two neighbours
 * turn `a` into `b`. Compares UTF-16 code units.
 *
 * @example
 * ```ts
 * import { editDistance } from "./edit_distance.ts";
 * editDistance("spwan", "spawn"); // 1 (one swap)
 * editDistance("on_hitt", "on_hit"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const n = a.length, m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rows of the (n + 1) x (m + 1) table: two back for a swap.
  let back = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let row = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (ca === cb ? 0 : 1),
      );
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, back[j - 2]! + 1);
      }
      row[j] = d;
    }
    [back, prev, row] = [prev, row, back];
  }
  return prev[m]!;
}

/** Options for {@linkcode closestNames}. */
export interface ClosestOptions {
  /** Most names returned (default 3). */
  limit?: number;
  /** Largest distance accepted (default: by the name's length, 1 to 3). */
  maxDistance?: number;
}

/**
 * The default largest distance for a name: one edit per four characters,
 * at least one and at most three, so short names only match near-twins.
 *
 * @example
 * ```ts
 * import { allowedDistance } from "./edit_distance.ts";
 * allowedDistance("tick"); // 1
 * allowedDistance("entity_set_velocty"); // 3
 * ```
 */
export function allowedDistance(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 4)));
}

/**
 * The candidates closest to `name`, nearest first (ties by name), within the
 * allowed distance; `name` itself is never suggested. A candidate that
 * differs only in letter case always counts as close.
 *
 * @example
 * ```ts
 * import { closestNames } from "./edit_distance.ts";
 * closestNames("with_positon", ["with_position", "with_rotation", "build"]); // ["with_position"]
 * closestNames("zzz", ["spawn"]); // []
 * ```
 */
export function closestNames(
  name: string,
  candidates: Iterable<string>,
  options: ClosestOptions = {},
): string[] {
  const max = options.maxDistance ?? allowedDistance(name);
  const lower = name.toLowerCase();
  const found: { name: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (c === name || seen.has(c)) continue;
    seen.add(c);
    // Cheap bound first: lengths alone already differ by more than allowed.
    if (Math.abs(c.length - name.length) > max && c.toLowerCase() !== lower) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(name, c);
    if (d <= max) found.push({ name: c, d });
  }
  found.sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return found.slice(0, options.limit ?? 3).map((f) => f.name);
}

/**
 * `names` as a question: "did you mean `a`?", "did you mean `a` or `b`?",
 * "did you mean `a`, `b` or `c`?"; `""` for no names.
 *
 * @example
 * ```ts
 * import { askAbout } from "./edit_distance.ts";
 * askAbout(["on_hit", "on_hit_wall"]); // "did you mean `on_hit` or `on_hit_wall`?"
 * ```
 */
export function askAbout(names: readonly string[]): string {
  if (names.length === 0) return "";
  const quoted = names.map((n) => `\`${n}\``);
  const last = quoted.pop()!;
  return `did you mean ${quoted.length ? `${quoted.join(", ")} or ` : ""}${last}?`;
}

/**
 * The suggestion for a misspelt `name`: {@linkcode askAbout} the
 * {@linkcode closestNames} among `candidates`, or `""` when none is close.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./edit_distance.ts";
 * didYouMean("on_hitt", ["on_hit", "on_setup"]); // "did you mean `on_hit`?"
 * didYouMean("explode", ["on_hit"]); // ""
 * ```
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  options?: ClosestOptions,
): string {
  return askAbout(closestNames(name, candidates, options));
}

/**
 * `text`, then `; ` and `hint` when there is a hint (a {@linkcode didYouMean}
 * or {@linkcode askAbout} result, `""` for none).
 *
 * @example
 * ```ts
 * import { didYouMean, withHint } from "./edit_distance.ts";
 * withHint('unknown command "chek"', didYouMean("chek", ["check", "run"]));
 * // 'unknown command "chek"; did you mean `check`?'
 * withHint("unknown option -x", ""); // "unknown option -x"
 * ```
 */
export function withHint(text: string, hint: string): string {
  return hint === "" ? text : `${text}; ${hint}`;
}
