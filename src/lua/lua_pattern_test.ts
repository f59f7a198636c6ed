import { assert, assertEquals, assertLess, assertThrows } from "@std/assert";
import { METER_STEPS, PatternMatcher } from "./lua_pattern.ts";
import { findPlain } from "./lua_plain_find.ts";
import { CAP_POSITION, PatternError } from "./lua_pattern_syntax.ts";

const enc = new TextEncoder();

/** Subject and pattern laid out as Lua strings are (each followed by a 0 byte). */
function layout(subject: string, pattern: string) {
  const bytes = enc.encode(`${subject}\0${pattern}\0`);
  const slen = enc.encode(subject).length;
  return { bytes, slen, p: slen + 1, plen: bytes.length - slen - 2 };
}

function scan(subject: string, pattern: string, init = 0, meter = (_: number) => {}) {
  const { bytes, slen, p, plen } = layout(subject, pattern);
  const m = new PatternMatcher(meter);
  const anchor = pattern.startsWith("^");
  const ok = m.scan(bytes, 0, slen, anchor ? p + 1 : p, anchor ? plen - 1 : plen, init, anchor, -1);
  const caps = Array.from({ length: m.level }, (_, i) => [m.capInit[i], m.capLen[i]]);
  return ok ? { start: m.start, end: m.end, caps } : undefined;
}

Deno.test("PatternMatcher finds matches and captures as Lua does", () => {
  assertEquals(scan("key = value", "(%w+)%s*=%s*(%w+)"), {
    start: 0,
    end: 11,
    caps: [[0, 3], [6, 5]],
  });
  assertEquals(scan("hello", "()ll()"), {
    start: 2,
    end: 4,
    caps: [[2, CAP_POSITION], [4, CAP_POSITION]],
  });
  assertEquals(scan("f(a(b)c)d", "%b()")?.end, 8);
  assertEquals(scan("THE (quick) fox", "%f[%a]%a+", 3)?.start, 5);
  assertEquals(scan("abcabc", "(abc)%1")?.end, 6);
  assertEquals(scan("abc", "^b"), undefined);
  assertEquals(scan("aaa", "a-$")?.end, 3);
  assertEquals(scan("\u00e9t\u00e9", "[\x80-\xff]+")?.end, 2);
  for (
    const [pattern, message] of [
      ["%", "malformed pattern (ends with '%')"],
      ["[a", "malformed pattern (missing ']')"],
      ["%b", "malformed pattern (missing arguments to '%b')"],
      ["%fx", "missing '[' after '%f' in pattern"],
      ["(a)%2", "invalid capture index %2"],
      ["a)", "invalid pattern capture"],
    ]
  ) {
    assertThrows(() => scan("abc", pattern!), PatternError, message);
  }
  assertThrows(() => scan("x".repeat(300), "x?".repeat(250) + "y"), PatternError, "too complex");
});

Deno.test("PatternMatcher reports its steps, and a meter that throws ends the match", () => {
  let steps = 0, calls = 0;
  scan("a".repeat(2000), "a*b", 0, (n) => (steps += n, calls++));
  assert(steps > 2000 * 2000 / 2, `${steps} steps for a quadratic search`);
  assert(calls >= steps / METER_STEPS, "the meter hears about the work as it goes");
  // Exponential: hours unmetered; a meter that gives up after a million steps ends it at once.
  const t0 = performance.now();
  let seen = 0;
  assertThrows(
    () =>
      scan("a".repeat(200), "a-".repeat(12) + "b", 0, (n) => {
        if ((seen += n) > 1e6) throw new RangeError("spent");
      }),
    RangeError,
    "spent",
  );
  assertLess(performance.now() - t0, 1000);
  assertLess(seen, 1e6 + METER_STEPS + 1);
});

Deno.test("findPlain finds a needle and meters both scanning and comparing", () => {
  const { bytes, slen, p, plen } = layout("abcabd", "abd");
  assertEquals(findPlain(bytes, 0, slen, p, plen, 0, () => {}), 3);
  assertEquals(findPlain(bytes, 0, slen, p, plen, 4, () => {}), -1);
  assertEquals(
    findPlain(bytes, 0, slen, p, 0, 2, () => {}),
    2,
    "the empty needle is everywhere",
  );
  // 4 MB of a's against 60 KB of a's then b: minutes of comparing in C.
  const hay = layout("a".repeat(4e6), "a".repeat(6e4) + "b");
  let seen = 0;
  const t0 = performance.now();
  assertThrows(
    () =>
      findPlain(hay.bytes, 0, hay.slen, hay.p, hay.plen, 0, (n) => {
        if ((seen += n) > 1e7) throw new RangeError("spent");
      }),
    RangeError,
  );
  assertLess(performance.now() - t0, 2000);
});
