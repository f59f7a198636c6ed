import { assert, assertEquals } from "@std/assert";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { EACH_COST_FLAG, PROFILE_FLAG } from "../lua/batch_profile.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { BatchEncoder } from "./batch_encoder.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import type { Sending } from "./sent_tables.ts";

const FACTS = { frame: 5, dt: 1 / 60 } as BatchFrame;
const SEND: Sending = {
  snapshot: { id: 3, bytes: new Uint8Array(40).fill(7) },
  input: { id: 4, bytes: new Uint8Array(24).fill(9) },
};
const PLANNED: PlannedCallback[] = [1, 2, 3].map((entity) => ({
  kind: CallbackKind.Call,
  fn: "tick",
  args: [],
  entity,
}));
// `<I4 frame> <d dt>` precede the flags byte.
const FLAGS_AT = 12;
// A Call request ends with its argument count: `<I4 index> <I4 seed> <I4 seed> <I4 0>`.
const TAIL = 16;

Deno.test("BatchEncoder leaves out exactly the tables the state holds", () => {
  const enc = new BatchEncoder(42);
  const full = enc.encodeRequest(FACTS, SEND, undefined, PLANNED, 0, 3, 0, false).bytes;
  const held =
    enc.encodeRequest(FACTS, SEND, { snapshot: 3, input: 4 }, PLANNED, 0, 3, 0, false).bytes;
  const stale =
    enc.encodeRequest(FACTS, SEND, { snapshot: 2, input: 4 }, PLANNED, 0, 3, 0, false).bytes;
  assertEquals(full.length - held.length, 40 + 24);
  assertEquals(full.length - stale.length, 24);
  assertEquals(full[FLAGS_AT]! & 3, 3);
  assertEquals(held[FLAGS_AT]! & 3, 0);
});

Deno.test("BatchEncoder gives a callback the same index and seed in any chunk", () => {
  const enc = new BatchEncoder(42);
  const whole = enc.encodeRequest(FACTS, SEND, undefined, PLANNED, 0, 3, 10, false).bytes;
  const last = enc.encodeRequest(FACTS, SEND, undefined, PLANNED, 2, 3, 10, false).bytes;
  assertEquals(whole.subarray(whole.length - TAIL), last.subarray(last.length - TAIL));
  const view = new DataView(last.buffer, last.byteOffset + last.length - TAIL);
  assertEquals(view.getUint32(0, true), 12);
  // Another run seed or frame gives the callback another seed.
  const other =
    new BatchEncoder(43).encodeRequest(FACTS, SEND, undefined, PLANNED, 2, 3, 10, false).bytes;
  assert(other.subarray(other.length - TAIL).some((b, i) => b !== last[last.length - TAIL + i]));
});

Deno.test("BatchEncoder marks what a request asks for its costs", () => {
  const enc = new BatchEncoder(42);
  const encode = (profile: boolean | "each") =>
    enc.encodeRequest(FACTS, SEND, undefined, PLANNED, 0, 3, 0, profile).bytes;
  const flags = (profile: boolean | "each") =>
    encode(profile)[FLAGS_AT]! & (PROFILE_FLAG | EACH_COST_FLAG);
  assertEquals(flags(false), 0);
  assertEquals(flags(true), PROFILE_FLAG);
  assertEquals(flags("each"), PROFILE_FLAG | EACH_COST_FLAG);
  // Only the flags differ.
  assertEquals(encode("each").subarray(FLAGS_AT + 1), encode(false).subarray(FLAGS_AT + 1));
});

Deno.test("BatchEncoder.rehead gives a request's callbacks another head", () => {
  const enc = new BatchEncoder(42);
  const first = enc.encodeRequest(FACTS, SEND, { snapshot: 3, input: 4 }, PLANNED, 0, 3, 0, false);
  const next: Sending = { ...SEND, snapshot: { id: 5, bytes: new Uint8Array(12).fill(1) } };
  const later = { ...FACTS };
  const fresh = enc.encodeRequest(later, next, { snapshot: 3, input: 4 }, PLANNED, 0, 3, 0, true);
  const again = enc.rehead(first, later, next, { snapshot: 3, input: 4 }, true);
  assertEquals(again, fresh);
  assertEquals(again.bytes.subarray(again.bodyAt), first.bytes.subarray(first.bodyAt));
});
