import { assertEquals } from "@std/assert";
import { canonicalJson } from "./canonical_json.ts";

Deno.test("keys are sorted at every depth, arrays keep their order", () => {
  assertEquals(
    canonicalJson({ b: [3, 1, { y: 1, x: 2 }], a: { d: null, c: "s" } }),
    '{"a":{"c":"s","d":null},"b":[3,1,{"x":2,"y":1}]}',
  );
});

Deno.test("equal values in any insertion order give the same text", () => {
  assertEquals(
    canonicalJson({ x: 1, y: { p: 1, q: 2 } }),
    canonicalJson({ y: { q: 2, p: 1 }, x: 1 }),
  );
});

Deno.test("undefined properties are dropped, -0 and non-finite numbers normalised", () => {
  assertEquals(canonicalJson({ a: undefined, b: -0, c: NaN }), '{"b":0,"c":null}');
});
