import { assertEquals, assertThrows } from "@std/assert";
import { WebAccessError } from "./errors.ts";
import { acceptKey, checkUpgrade, refusalResponse, switchingResponse } from "./ws_handshake.ts";

const GOOD: Record<string, string> = {
  upgrade: "websocket",
  connection: "keep-alive, Upgrade",
  "sec-websocket-version": "13",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
};

Deno.test("acceptKey gives the RFC 6455 example's answer", () => {
  assertEquals(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  assertEquals(
    switchingResponse("dGhlIHNhbXBsZSBub25jZQ==").split("\r\n"),
    [
      "HTTP/1.1 101 Switching Protocols",
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
      "",
      "",
    ],
  );
});

Deno.test("checkUpgrade refuses malformed upgrades with the right status", () => {
  assertEquals(checkUpgrade((n) => GOOD[n]), "dGhlIHNhbXBsZSBub25jZQ==");
  const cases: Array<[Record<string, string | undefined>, number, string]> = [
    [{ upgrade: "h2c" }, 400, "Expected a WebSocket upgrade"],
    [{ connection: "keep-alive" }, 400, "Expected a WebSocket upgrade"],
    [{ "sec-websocket-version": "8" }, 426, "Only WebSocket version 13 is spoken here"],
    [{ "sec-websocket-key": undefined }, 400, "Sec-WebSocket-Key is not 16 bytes of base64"],
    [{ "sec-websocket-key": "short==" }, 400, "Sec-WebSocket-Key is not 16 bytes of base64"],
  ];
  for (const [change, status, message] of cases) {
    const headers: Record<string, string | undefined> = { ...GOOD, ...change };
    const e = assertThrows(() => checkUpgrade((n) => headers[n]), WebAccessError, message);
    assertEquals(e.status, status);
  }
});

Deno.test("refusalResponse is a complete plain-text answer that closes the connection", () => {
  const [head = "", body] = refusalResponse(426, "Only version 13 — sorry").split("\r\n\r\n");
  const lines = head.split("\r\n");
  assertEquals(lines[0], "HTTP/1.1 426 Upgrade Required");
  assertEquals(lines.includes("Sec-WebSocket-Version: 13"), true);
  assertEquals(lines.includes("Connection: close"), true);
  assertEquals(body, "Only version 13 — sorry\n");
  const length = Number(lines.find((l) => l.startsWith("Content-Length: "))?.slice(16));
  assertEquals(length, new TextEncoder().encode(body).length);
});
