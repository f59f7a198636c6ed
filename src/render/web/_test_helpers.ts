/**
 * A raw HTTP and WebSocket client over `Deno.connect` to 127.0.0.1, for tests
 * that send what a browser never would (other hosts, other origins, unmasked
 * or oversized frames). Every read has a deadline, so a server that never
 * answers fails the test instead of hanging it.
 *
 * @module
 */

/** How long a test waits for the server, in milliseconds. */
export const DEADLINE_MS = 3000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A parsed HTTP answer head and its body so far. */
export interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** A connection whose reads give up at a deadline (the connection is then closed). */
export class RawConnection {
  #conn: Deno.TcpConn;
  #pending: Uint8Array = new Uint8Array(0);
  #closed = false;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Connect to 127.0.0.1:`port`. */
  static async open(port: number): Promise<RawConnection> {
    return new RawConnection(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  /** Write all of `bytes`; false when the server has already closed the connection. */
  async write(bytes: Uint8Array | string): Promise<boolean> {
    const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
    try {
      for (let at = 0; at < data.length;) at += await this.#conn.write(data.subarray(at));
      return true;
    } catch {
      return false;
    }
  }

  /** At least `n` bytes (or fewer at the end of the stream or the deadline). */
  async read(n: number, deadline = Date.now() + DEADLINE_MS): Promise<Uint8Array> {
    const buf = new Uint8Array(65536);
    // Bounded: every pass reads at least one byte or ends.
    while (this.#pending.length < n && !this.#closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const timer = setTimeout(() => this.close(), left);
      let got: number | null = null;
      try {
        got = await this.#conn.read(buf);
      } catch {
        got = null;
      } finally {
        clearTimeout(timer);
      }
      if (got === null) {
        this.close();
        break;
      }
      const joined = new Uint8Array(this.#pending.length + got);
      joined.set(this.#pending);
      joined.set(buf.subarray(0, got), this.#pending.length);
      this.#pending = joined;
    }
    const take = Math.min(n, this.#pending.length);
    const out = this.#pending.slice(0, take);
    this.#pending = this.#pending.slice(take);
    return out;
  }

  /** An HTTP answer: the head, then the body up to Content-Length (or the end). */
  async answer(): Promise<RawAnswer> {
    const deadline = Date.now() + DEADLINE_MS;
    let text = "";
    let end = -1;
    while (end < 0) {
      const chunk = await this.read(1, deadline);
      if (chunk.length === 0) break;
      text += decoder.decode(chunk);
      end = text.indexOf("\r\n\r\n");
    }
    if (end < 0) throw new Error(`No HTTP answer, got ${JSON.stringify(text)}`);
    const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const length = Number(headers.get("content-length") ?? 0);
    const body = length > 0 ? decoder.decode(await this.read(length, deadline)) : "";
    return { status: Number(statusLine.split(" ")[1]), headers, body };
  }

  /** The next server frame, or `null` when the connection ended or the deadline passed. */
  async frame(deadline = Date.now() + DEADLINE_MS): Promise<ServerFrame | null> {
    const head = await this.read(2, deadline);
    if (head.length < 2) return null;
    let length = (head[1] as number) & 0x7f;
    if (length === 126) {
      const ext = await this.read(2, deadline);
      if (ext.length < 2) return null;
      length = ((ext[0] as number) << 8) | (ext[1] as number);
    } else if (length === 127) {
      const ext = await this.read(8, deadline);
      if (ext.length < 8) return null;
      length = Number(new DataView(ext.buffer).getBigUint64(0));
    }
    const payload = await this.read(length, deadline);
    if (payload.length < length) return null;
    return { opcode: (head[0] as number) & 0x0f, payload };
  }

  /**
   * Frames until a close frame (returned) or the end of the connection or
   * the deadline (`null`); `seen` collects the text messages before it.
   */
  async untilClose(seen: string[] = []): Promise<{ code: number; reason: string } | null> {
    const deadline = Date.now() + DEADLINE_MS;
    // Bounded by the deadline: each pass reads a frame or returns.
    for (;;) {
      const f = await this.frame(deadline);
      if (f === null) return null;
      if (f.opcode === 0x8) {
        const code = f.payload.length >= 2
          ? ((f.payload[0] as number) << 8) | (f.payload[1] as number)
          : 1005;
        return { code, reason: decoder.decode(f.payload.subarray(2)) };
      }
      if (f.opcode === 0x1) seen.push(decoder.decode(f.payload));
    }
  }

  /** Close the connection (safe to call twice). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }
}

/** A frame the server sent. */
export interface ServerFrame {
  opcode: number;
  payload: Uint8Array;
}

/** Options of {@linkcode clientFrame}. */
export interface ClientFrameOptions {
  /** Mask the payload as clients must. Default true. */
  mask?: boolean;
  /** Last fragment of the message. Default true. */
  fin?: boolean;
  /** Claimed payload length, when it should differ from the payload's. */
  length?: number;
}

/** A client frame: `opcode` (1 text) with `payload`, masked unless told otherwise. */
export function clientFrame(
  opcode: number,
  payload: Uint8Array | string,
  options: ClientFrameOptions = {},
): Uint8Array {
  const data = typeof payload === "string" ? encoder.encode(payload) : payload;
  const mask = options.mask ?? true;
  const n = options.length ?? data.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const key = mask ? crypto.getRandomValues(new Uint8Array(4)) : new Uint8Array(0);
  const out = new Uint8Array(head + key.length + data.length);
  out[0] = ((options.fin ?? true) ? 0x80 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  if (head === 2) out[1] = maskBit | n;
  else if (head === 4) {
    out[1] = maskBit | 126;
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else {
    out[1] = maskBit | 127;
    new DataView(out.buffer).setBigUint64(2, BigInt(n));
  }
  out.set(key, head);
  for (let i = 0; i < data.length; i++) {
    out[head + key.length + i] = (data[i] as number) ^ (mask ? key[i & 3] as number : 0);
  }
  return out;
}

/** A JSON message as the page sends it, framed. */
export function messageFrame(message: unknown, options?: ClientFrameOptions): Uint8Array {
  return clientFrame(0x1, JSON.stringify(message), options);
}

/** What {@linkcode upgradeRequest} puts in the request. */
export interface UpgradeRequest {
  port: number;
  /** Default `127.0.0.1:<port>`. */
  host?: string;
  /** Default the page's own origin; `null` sends none. */
  origin?: string | null;
  /** Sent as `?token=`; `null` sends none. */
  token: string | null;
  /** Default `/ws`. */
  path?: string;
}

/** The request head of a WebSocket upgrade. */
export function upgradeRequest(r: UpgradeRequest): string {
  const host = r.host ?? `127.0.0.1:${r.port}`;
  const origin = r.origin === undefined ? `http://${host}` : r.origin;
  const query = r.token === null ? "" : `?token=${r.token}`;
  return [
    `GET ${r.path ?? "/ws"}${query} HTTP/1.1`,
    `Host: ${host}`,
    ...(origin === null ? [] : [`Origin: ${origin}`]),
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    "",
    "",
  ].join("\r\n");
}

/** A plain GET with the given Host header; the server's answer. */
export async function rawGet(port: number, path: string, host: string): Promise<RawAnswer> {
  const conn = await RawConnection.open(port);
  try {
    await conn.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    return await conn.answer();
  } finally {
    conn.close();
  }
}

/** The token the page carries (empty when it carries none). */
export async function pageToken(port: number): Promise<string> {
  const page = await rawGet(port, "/", `127.0.0.1:${port}`);
  return /name="moonglow-token" content="([0-9a-f]+)"/.exec(page.body)?.[1] ?? "";
}

/** An upgraded connection (the 101 answer read), or the refusal when there was one. */
export async function openSocket(
  r: UpgradeRequest,
): Promise<{ conn: RawConnection; answer: RawAnswer }> {
  const conn = await RawConnection.open(r.port);
  await conn.write(upgradeRequest(r));
  const answer = await conn.answer();
  return { conn, answer };
}
