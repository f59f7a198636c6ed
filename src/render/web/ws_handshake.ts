/**
 * The HTTP side of a WebSocket upgrade (RFC 6455 section 4.2): checking the
 * request's headers, the `101 Switching Protocols` answer, and the plain
 * HTTP answer that refuses an upgrade.
 *
 * @example
 * ```ts
 * import { acceptKey } from "./ws_handshake.ts";
 * acceptKey("dGhlIHNhbXBsZSBub25jZQ=="); // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
 * ```
 *
 * @module
 */

import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { WebAccessError } from "./errors.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * The `Sec-WebSocket-Accept` value for a request's `Sec-WebSocket-Key`.
 *
 * @example
 * ```ts
 * import { acceptKey } from "./ws_handshake.ts";
 * acceptKey("dGhlIHNhbXBsZSBub25jZQ==").length; // 28
 * ```
 */
export function acceptKey(key: string): string {
  return createHash("sha1").update(key + GUID).digest("base64");
}

function hasToken(value: string | undefined, token: string): boolean {
  return value?.split(",").some((v) => v.trim().toLowerCase() === token) ?? false;
}

/**
 * Check the upgrade headers (read through `header`, lower-case names) and
 * return the key to answer. Throws {@linkcode WebAccessError}: 400 for a
 * malformed upgrade, 426 for a WebSocket version other than 13.
 *
 * @example
 * ```ts
 * import { checkUpgrade } from "./ws_handshake.ts";
 * const headers: Record<string, string> = {
 *   upgrade: "websocket",
 *   connection: "keep-alive, Upgrade",
 *   "sec-websocket-version": "13",
 *   "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
 * };
 * checkUpgrade((name) => headers[name]); // "dGhlIHNhbXBsZSBub25jZQ=="
 * ```
 */
export function checkUpgrade(header: (name: string) => string | undefined): string {
  if (!hasToken(header("upgrade"), "websocket") || !hasToken(header("connection"), "upgrade")) {
    throw new WebAccessError(400, "Expected a WebSocket upgrade");
  }
  if (header("sec-websocket-version")?.trim() !== "13") {
    throw new WebAccessError(426, "Only WebSocket version 13 is spoken here");
  }
  const key = header("sec-websocket-key")?.trim() ?? "";
  // Sixteen random bytes in base64.
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) {
    throw new WebAccessError(400, "Sec-WebSocket-Key is not 16 bytes of base64");
  }
  return key;
}

/**
 * The `101 Switching Protocols` answer for `key`.
 *
 * @example
 * ```ts
 * import { switchingResponse } from "./ws_handshake.ts";
 * switchingResponse("dGhlIHNhbXBsZSBub25jZQ==").startsWith("HTTP/1.1 101 "); // true
 * ```
 */
export function switchingResponse(key: string): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    "",
    "",
  ].join("\r\n");
}

/**
 * A plain-text HTTP answer refusing an upgrade, which closes the connection.
 *
 * @example
 * ```ts
 * import { refusalResponse } from "./ws_handshake.ts";
 * refusalResponse(403, "No").split("\r\n")[0]; // "HTTP/1.1 403 Forbidden"
 * ```
 */
export function refusalResponse(status: number, message: string): string {
  const body = new TextEncoder().encode(`${message}\n`);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${body.length}`,
    ...(status === 426 ? ["Sec-WebSocket-Version: 13"] : []),
    "Connection: close",
    "",
    `${message}\n`,
  ].join("\r\n");
}
