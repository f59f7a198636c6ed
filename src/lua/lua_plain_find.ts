/**
 * Lua's plain substring search (`lmemfind` in `lstrlib.c`, used by `string.find` with `plain` or a
 * pattern without specials), on bytes in wasm memory and counting its work like the
 * `PatternMatcher`, so a search over megabytes is charged to the budget.
 *
 * @example
 * ```ts
 * import { findPlain } from "./lua_plain_find.ts";
 * const b = new TextEncoder().encode("hello\0ll\0");
 * findPlain(b, 0, 5, 6, 2, 0, () => {}); // 2
 * ```
 *
 * @module
 */
import { METER_STEPS } from "./lua_pattern.ts";

// Bytes a plain search scans between two calls of the meter.
const PLAIN_CHUNK = 1 << 16;

/**
 * `lmemfind` from `init`: the first index in `[init, subject + subjectLen)` where the `needleLen`
 * bytes at `needle` occur in `b`, or -1. Counts a step per 16 bytes scanned and per byte compared,
 * telling `meter` (as `PatternMatcher`'s meter: it may throw to end the search) at least every
 * {@linkcode METER_STEPS} comparisons and after each chunk scanned.
 *
 * @example
 * ```ts
 * import { findPlain } from "./lua_plain_find.ts";
 * const b = new TextEncoder().encode("abcabd\0abd\0");
 * findPlain(b, 0, 6, 7, 3, 0, () => {}); // 3
 * ```
 */
export function findPlain(
  b: Uint8Array,
  subject: number,
  subjectLen: number,
  needle: number,
  needleLen: number,
  init: number,
  meter: (steps: number) => void,
): number {
  if (needleLen === 0) return init;
  const last = subject + subjectLen - needleLen; // the last index a match may start at
  const first = b[needle]!;
  let found = -1;
  // A plain loop beats indexOf when the first byte is frequent (2 ms/MB against 1).
  for (let from = init; from <= last && found < 0;) {
    const to = Math.min(last, from + PLAIN_CHUNK);
    let compared = 0, i = from;
    for (; i <= to; i++) {
      if (b[i] !== first) continue;
      let k = 1;
      while (k < needleLen && b[i + k] === b[needle + k]) k++;
      compared += k;
      if (k === needleLen) {
        found = i;
        break;
      }
      if (compared >= METER_STEPS) {
        meter(compared);
        compared = 0;
      }
    }
    meter((i - from) / 16 + compared);
    from = to + 1;
  }
  return found;
}
