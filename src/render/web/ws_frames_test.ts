import { assert, assertEquals } from "@std/assert";
import { Buffer } from "node:buffer";
import { clientFrame } from "./_test_helpers.ts";
import { WebSocketClosedError } from "./errors.ts";
import {
  encodeClose,
  encodeFrame,
  encodeText,
  FrameReader,
  OPCODE,
  type WsEvent,
} from "./ws_frames.ts";

const MAX = 1024;
const reader = (onFrame?: () => void) => new FrameReader({ maxMessageBytes: MAX, onFrame });

/** The close code and message of the error event that ends `events`. */
function failure(events: WsEvent[]): [number, string] | undefined {
  const last = events.at(-1);
  return last?.type === "error" ? [last.error.closeCode, last.error.message] : undefined;
}

Deno.test("FrameReader decodes masked frames however the bytes are split", () => {
  const bytes = new Uint8Array([
    ...clientFrame(OPCODE.text, "héllo"),
    ...clientFrame(OPCODE.binary, new Uint8Array([1, 2, 3])),
    ...clientFrame(OPCODE.text, "x".repeat(300)),
  ]);
  const expected: WsEvent[] = [
    { type: "text", text: "héllo" },
    { type: "binary", data: new Uint8Array([1, 2, 3]) },
    { type: "text", text: "x".repeat(300) },
  ];
  assertEquals(reader().push(bytes), expected);
  const r = reader();
  const oneByOne = [...bytes].flatMap((b) => r.push(new Uint8Array([b])));
  assertEquals(oneByOne, expected);
});

Deno.test("FrameReader refuses an unmasked frame from its first two bytes", () => {
  const frame = clientFrame(OPCODE.text, '{"type":"console","line":"list"}', { mask: false });
  assertEquals(failure(reader().push(frame.subarray(0, 2))), [
    1002,
    "Client frames must be masked",
  ]);
  const r = reader();
  const events = r.push(new Uint8Array([...clientFrame(OPCODE.text, "ok"), ...frame]));
  // What came before the bad frame is kept; nothing after it is read.
  assertEquals(events[0], { type: "text", text: "ok" });
  assertEquals(failure(events), [1002, "Client frames must be masked"]);
  assertEquals(r.push(clientFrame(OPCODE.text, "later")), []);
});

Deno.test("FrameReader refuses a message over the limit from its header, fragments counted", () => {
  assertEquals(reader().push(clientFrame(OPCODE.text, "x".repeat(MAX))).length, 1);
  const head = clientFrame(OPCODE.text, "", { length: MAX + 1 });
  assertEquals(failure(reader().push(head)), [
    1009,
    `Message of ${MAX + 1} bytes is over the ${MAX}-byte limit`,
  ]);
  const huge = clientFrame(OPCODE.text, "", { length: 2 ** 40 });
  assertEquals(failure(reader().push(huge)), [
    1009,
    `Message of over 4 GiB is over the ${MAX}-byte limit`,
  ]);
  const r = reader();
  const half = "y".repeat(MAX / 2);
  assertEquals(r.push(clientFrame(OPCODE.text, half, { fin: false })), []);
  assertEquals(r.push(clientFrame(OPCODE.continuation, half, { fin: false })), []);
  assertEquals(failure(r.push(clientFrame(OPCODE.continuation, "z"))), [
    1009,
    `Message of ${MAX + 1} bytes is over the ${MAX}-byte limit`,
  ]);
});

Deno.test("FrameReader joins fragments and passes control frames between them", () => {
  const r = reader();
  const events = r.push(
    new Uint8Array([
      ...clientFrame(OPCODE.text, "ab", { fin: false }),
      ...clientFrame(OPCODE.ping, "p"),
      ...clientFrame(OPCODE.continuation, "cd", { fin: false }),
      ...clientFrame(OPCODE.pong, ""),
      ...clientFrame(OPCODE.continuation, "é"),
    ]),
  );
  assertEquals(events, [
    { type: "ping", payload: new TextEncoder().encode("p") },
    { type: "pong" },
    { type: "text", text: "abcdé" },
  ]);
});

Deno.test("FrameReader refuses frames that break the framing rules", () => {
  const cases: Array<[Uint8Array, number, string]> = [
    [
      new Uint8Array([0xc1, 0x80, 0, 0, 0, 0]),
      1002,
      "Reserved bits are set but no extension was agreed",
    ],
    [clientFrame(0x3, "x"), 1002, "Unknown frame opcode 3"],
    [clientFrame(0xb, "x"), 1002, "Unknown frame opcode 11"],
    [
      clientFrame(OPCODE.ping, "x".repeat(126)),
      1002,
      "Control frames must be whole and at most 125 bytes",
    ],
    [
      clientFrame(OPCODE.ping, "x", { fin: false }),
      1002,
      "Control frames must be whole and at most 125 bytes",
    ],
    [
      clientFrame(OPCODE.continuation, "x"),
      1002,
      "A continuation frame came without a message to continue",
    ],
    [
      new Uint8Array([
        ...clientFrame(OPCODE.text, "a", { fin: false }),
        ...clientFrame(OPCODE.text, "b"),
      ]),
      1002,
      "A new message began before the fragmented one ended",
    ],
    [
      clientFrame(OPCODE.text, new Uint8Array([0xc3, 0x28])),
      1007,
      "A text message is not valid UTF-8",
    ],
    [
      clientFrame(OPCODE.close, new Uint8Array([3])),
      1002,
      "A close frame cannot carry a single byte",
    ],
    [
      clientFrame(OPCODE.close, new Uint8Array([0x03, 0xed])),
      1002,
      "Close code 1005 is not one a peer may send",
    ],
    [
      clientFrame(OPCODE.close, new Uint8Array([0x03, 0xe8, 0xff])),
      1007,
      "A close reason is not valid UTF-8",
    ],
  ];
  for (const [bytes, code, message] of cases) {
    assertEquals(failure(reader().push(bytes)), [code, message], message);
  }
});

Deno.test("FrameReader reads a close frame and nothing after it", () => {
  const r = reader();
  const events = r.push(
    new Uint8Array([
      ...clientFrame(OPCODE.close, new Uint8Array([0x0f, 0xa0, 98, 121, 101])),
      ...clientFrame(OPCODE.text, "after"),
    ]),
  );
  assertEquals(events, [{ type: "close", code: 4000, reason: "bye" }]);
  assertEquals(r.push(clientFrame(OPCODE.text, "later")), []);
  assertEquals(reader().push(clientFrame(OPCODE.close, "")), [{
    type: "close",
    code: undefined,
    reason: "",
  }]);
});

Deno.test("FrameReader calls onFrame once per frame; its refusal ends the reading", () => {
  let frames = 0;
  const r = reader(() => {
    frames++;
    if (frames > 2) throw new WebSocketClosedError(1008, "Too many");
  });
  const frame = clientFrame(OPCODE.text, "z".repeat(200));
  for (const b of frame) r.push(new Uint8Array([b]));
  assertEquals(frames, 1);
  const events = r.push(new Uint8Array([...frame, ...frame]));
  assertEquals(events.length, 2);
  assertEquals(events[0], { type: "text", text: "z".repeat(200) });
  assertEquals(failure(events), [1008, "Too many"]);
});

Deno.test("encodeFrame picks the length form; encodeClose cuts the reason to 123 bytes", () => {
  for (const [n, head] of [[125, 2], [126, 4], [65535, 4], [65536, 10]] as const) {
    const f = encodeFrame(OPCODE.text, new Uint8Array(n));
    assertEquals(f.length, head + n, `${n}`);
    assertEquals(f[0], 0x81);
    // Server frames are never masked.
    assertEquals((f[1] as number) & 0x80, 0);
  }
  assertEquals([...encodeText("hi")], [0x81, 2, 104, 105]);
  const close = encodeClose(1009, "é".repeat(100));
  assertEquals(close[1], 2 + 122);
  assertEquals([close[2], close[3]], [0x03, 0xf1]);
  assert(new TextDecoder("utf-8", { fatal: true }).decode(close.subarray(4)).startsWith("é"));
});

Deno.test("FrameReader copies payloads out of the socket's chunks", () => {
  // node's sockets hand out Buffers, whose slice() is a view: a payload must not share memory.
  const chunk = Buffer.from(clientFrame(OPCODE.binary, new Uint8Array([1, 2, 3])));
  const [event] = reader().push(chunk);
  chunk.fill(0);
  assertEquals(event, { type: "binary", data: new Uint8Array([1, 2, 3]) });
});
