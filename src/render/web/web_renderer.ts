/**
 * The web renderer: a page served on 127.0.0.1. The simulation stays in this
 * process; each drawn frame goes to every open page as JSON over a WebSocket,
 * and the page (WebGL2, WebAudio, `client/`) sends input and console lines
 * back.
 *
 * Routes (`http_routes.ts`): `/` the page, `/client/*.js` its scripts, `/assets/<path>` files
 * of the game folder (asset types only, no way out of the folder), `/ws`
 * the socket.
 *
 * The page shows the frame's error overlay (`RenderFrame.errorOverlay`, see
 * `src/state/error_digest.ts`) in a red box over the bottom of the game:
 * the newest distinct errors with `file:line`, `[Nx] ` before one that
 * repeated, and problems of the page itself (a texture or shader the browser
 * could not use). Its `x` hides the errors shown until a new one comes; an
 * error that stops happening fades after 300 frames.
 *
 * The page's console runs Lua and writes saved settings, so (see
 * `access.ts`) only the served host names are answered, only the page's own
 * origin may open the socket, and the socket must present the per-run token
 * the page carries. The socket's framing is ours (`ws_frames.ts`): unmasked
 * frames, messages over {@linkcode MAX_MESSAGE_BYTES} and more than
 * {@linkcode MAX_MESSAGES_PER_SECOND} frames a second close it with a reason;
 * each refusal is reported once and the game goes on.
 *
 * @example
 * ```ts
 * import { WebRenderer } from "./web_renderer.ts";
 * const r = new WebRenderer({ gameDir: "examples/shooter", port: 8000 });
 * await r.start(); // open http://127.0.0.1:8000/
 * // each frame: r.poll(); r.draw(frame);
 * await r.stop();
 * ```
 *
 * @module
 */

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Renderer, RendererEvent, RenderFrame } from "../../core/render_types.ts";
import { AccessPolicy, newToken } from "./access.ts";
import type { AssetLoadError } from "../../assets/mod.ts";
import { WebAccessError, WebProtocolError, WebRendererStateError } from "./errors.ts";
import {
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  pageAssets,
  parseClientMessage,
  type ServerMessage,
} from "./protocol.ts";
import { CLOSE_CODE, encodeText } from "./ws_frames.ts";
import { checkUpgrade, refusalResponse, switchingResponse } from "./ws_handshake.ts";
import { ServerSocket } from "./ws_socket.ts";
import { header, HttpRoutes } from "./http_routes.ts";

/**
 * Options of {@linkcode WebRenderer}.
 *
 * @example
 * ```ts
 * import type { WebRendererOptions } from "./web_renderer.ts";
 * const options: WebRendererOptions = { gameDir: "examples/shooter", port: 0, onListen: console.log };
 * ```
 */
export interface WebRendererOptions {
  /** The game folder; `/assets/` serves files from it only. */
  gameDir: string;
  /** Port; 0 picks a free one (see {@linkcode WebRenderer.port}). Default 8000. */
  port?: number;
  /**
   * Interface to listen on. Default `127.0.0.1` (the page is not for the
   * network). Requests must name `127.0.0.1`, `localhost`, `[::1]` or this
   * host (unless it is a wildcard such as `0.0.0.0`), with the port.
   */
  hostname?: string;
  /** Told the page's address once the server listens. Default: a line on stderr. */
  onListen?: (url: string) => void;
  /**
   * Told about refused requests and sockets and about bad messages from a
   * page (they are dropped), each distinct message once. Default: nothing.
   */
  onProtocolError?: (error: WebProtocolError) => void;
  /**
   * Told once per request for a game image the page may not have: one that
   * would decode to more than the image ceiling. Default: nothing.
   */
  onAssetError?: (error: AssetLoadError) => void;
}

/** Frames are skipped for a page whose socket has this much unsent (it catches up on the next). */
const MAX_BUFFERED = 1 << 20;
/** How long a refused upgrade's connection may linger after the answer. */
const REFUSAL_GRACE_MS = 1000;
/** Distinct problems reported; past this, new ones are dropped so a flood cannot fill the log. */
const MAX_REPORTED = 64;

interface Client {
  socket: ServerSocket;
  /** Keys this page holds down, released for it when it goes away. */
  held: Set<string>;
}

/**
 * A {@linkcode Renderer} that serves a WebGL2 page.
 *
 * @example
 * ```ts
 * import { WebRenderer } from "./web_renderer.ts";
 * const r = new WebRenderer({ gameDir: ".", port: 0, onListen: () => {} });
 * await r.start();
 * const page = await fetch(`${r.url}`);
 * (await page.text()).includes("<canvas"); // true
 * await r.stop();
 * ```
 */
export class WebRenderer implements Renderer {
  #port: number;
  #hostname: string;
  #onListen: (url: string) => void;
  #onProtocolError: ((error: WebProtocolError) => void) | undefined;
  #server: Server | undefined;
  #access: AccessPolicy | undefined;
  #token = newToken();
  #routes: HttpRoutes;
  #clients = new Set<Client>();
  #events: RendererEvent[] = [];
  #assetsJson = "";
  #lastFrame: Uint8Array | undefined;
  #reported = new Set<string>();
  #stopping: Promise<void> | undefined;

  /** Create the renderer; nothing listens until {@linkcode WebRenderer.start}. */
  constructor(options: WebRendererOptions) {
    this.#port = options.port ?? 8000;
    this.#hostname = options.hostname ?? "127.0.0.1";
    this.#onListen = options.onListen ??
      ((url) => console.error(`Moonglow web renderer: open ${url}`));
    this.#onProtocolError = options.onProtocolError;
    this.#routes = new HttpRoutes({
      gameDir: options.gameDir,
      token: this.#token,
      report: (e) => this.#report(e),
      onAssetError: options.onAssetError,
    });
  }

  /** The port listened on (the real one when 0 was asked for). */
  get port(): number {
    return this.#port;
  }

  /** The page's address, e.g. `http://127.0.0.1:8000/`. */
  get url(): string {
    const host = this.#hostname.includes(":") ? `[${this.#hostname}]` : this.#hostname;
    return `http://${host}:${this.port}/`;
  }

  /** How many pages are connected. */
  get clients(): number {
    return this.#clients.size;
  }

  /**
   * Listen. Resolves once the server accepts connections; rejects when it
   * cannot listen (the port is taken).
   *
   * @example
   * ```ts
   * import { WebRenderer } from "./web_renderer.ts";
   * const r = new WebRenderer({ gameDir: ".", port: 0, onListen: () => {} });
   * await r.start();
   * await r.stop();
   * ```
   */
  start(): Promise<void> {
    if (this.#stopping) {
      throw new WebRendererStateError("Cannot start the web renderer after stop()");
    }
    if (this.#server) throw new WebRendererStateError("The web renderer is already started");
    const server = createServer((req, res) => this.#routes.handle(req, res, this.#access));
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Uint8Array) => {
      this.#upgrade(req, socket, head);
    });
    this.#server = server;
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    server.once("error", reject);
    server.listen(this.#port, this.#hostname, () => {
      server.off("error", reject);
      const addr = server.address();
      if (typeof addr === "object" && addr !== null) this.#port = addr.port;
      resolve();
    });
    return promise.then(() => {
      this.#access = new AccessPolicy({
        port: this.port,
        hostname: this.#hostname,
        token: this.#token,
      });
      this.#onListen(this.url);
    });
  }

  /** Report a problem once: a page that repeats it must not flood the log. */
  #report(error: WebProtocolError): void {
    if (this.#reported.has(error.message) || this.#reported.size > MAX_REPORTED) return;
    this.#reported.add(error.message);
    if (this.#reported.size <= MAX_REPORTED) return this.#onProtocolError?.(error);
    this.#onProtocolError?.(
      new WebProtocolError(
        `More than ${MAX_REPORTED} different problems came from pages; the rest are not reported`,
      ),
    );
  }

  #upgrade(req: IncomingMessage, raw: Duplex, head: Uint8Array): void {
    // The connection may drop at any time; "close" cleans up.
    raw.on("error", () => {});
    const refuse = (status: number, message: string): void => {
      // Read and drop what else the client sends, or its end of the connection is never seen.
      raw.resume();
      raw.end(refusalResponse(status, message));
      const cut = setTimeout(() => raw.destroy(), REFUSAL_GRACE_MS);
      raw.on("close", () => clearTimeout(cut));
    };
    const access = this.#access;
    if (access === undefined || this.#stopping) return refuse(503, "The game is stopping");
    let key: string;
    try {
      const host = access.checkHost(header(req, "host"));
      const target = req.url ?? "";
      if (!target.startsWith("/")) return refuse(400, "Expected a path");
      const url = new URL(target, "http://localhost");
      if (url.pathname !== "/ws") return refuse(404, "Not found");
      access.checkSocket(host, header(req, "origin"), url.searchParams.get("token"));
      key = checkUpgrade((name) => header(req, name));
    } catch (e) {
      if (!(e instanceof WebAccessError)) throw e;
      this.#report(e);
      return refuse(e.status, e.message);
    }
    raw.write(switchingResponse(key));
    const client: Client = {
      held: new Set(),
      socket: new ServerSocket(raw, {
        maxMessageBytes: MAX_MESSAGE_BYTES,
        messagesPerSecond: MAX_MESSAGES_PER_SECOND,
        onMessage: (data) => this.#receive(client, data),
        onClose: (error) => {
          if (error) this.#report(error);
          this.#drop(client);
        },
      }),
    };
    this.#clients.add(client);
    if (this.#assetsJson) client.socket.sendText(this.#assetsJson);
    if (this.#lastFrame) client.socket.sendFrame(this.#lastFrame);
    client.socket.start(head);
  }

  #receive(client: Client, data: string | Uint8Array): void {
    try {
      if (typeof data !== "string") throw new WebProtocolError("Message is not text");
      const event = parseClientMessage(data);
      if (event.type === "press") client.held.add(event.key);
      if (event.type === "release") client.held.delete(event.key);
      this.#events.push(event);
    } catch (e) {
      if (e instanceof WebProtocolError) this.#report(e);
      else throw e;
    }
  }

  #drop(client: Client): void {
    if (!this.#clients.delete(client)) return;
    // A page that goes away must not leave its keys pressed in the game.
    for (const key of client.held) this.#events.push({ type: "release", key });
    client.held.clear();
  }

  /**
   * Send `frame` to every page (assets only when they changed). A page that
   * has not taken the previous frames yet skips this one.
   *
   * @example
   * ```ts
   * import { WebRenderer } from "./web_renderer.ts";
   * const r = new WebRenderer({ gameDir: "." });
   * try {
   *   r.draw({} as never);
   * } catch (e) {
   *   (e as Error).message; // "Cannot draw before start()"
   * }
   * ```
   */
  draw(frame: RenderFrame): void {
    if (!this.#server) throw new WebRendererStateError("Cannot draw before start()");
    if (this.#stopping) return;
    // The page shows the error overlay; the raw records (with tracebacks) stay here.
    const { assets, errors: _errors, ...rest } = frame;
    if (assets) {
      const json = JSON.stringify({ type: "assets", assets: pageAssets(assets) });
      if (json !== this.#assetsJson) {
        this.#assetsJson = json;
        const bytes = encodeText(json);
        for (const c of this.#clients) c.socket.sendFrame(bytes);
      }
    }
    this.#lastFrame = encodeText(JSON.stringify({ type: "frame", frame: rest }));
    for (const c of this.#clients) {
      // Audio rides on the frame, so a skipped frame would lose it: only skip silent ones.
      // (The error overlay is whole in every frame.)
      const important = (frame.audio?.length ?? 0) > 0;
      if (!important && c.socket.bufferedAmount > MAX_BUFFERED) continue;
      c.socket.sendFrame(this.#lastFrame);
    }
  }

  /**
   * Input and console lines from the pages since the last call.
   *
   * @example
   * ```ts
   * import { WebRenderer } from "./web_renderer.ts";
   * new WebRenderer({ gameDir: "." }).poll(); // []
   * ```
   */
  poll(): RendererEvent[] {
    return this.#events.splice(0);
  }

  /**
   * Send console answers to every page.
   *
   * @example
   * ```ts
   * import { WebRenderer } from "./web_renderer.ts";
   * new WebRenderer({ gameDir: "." }).consoleOutput(["r_fov = 90"]);
   * ```
   */
  consoleOutput(lines: readonly string[]): void {
    const bytes = encodeText(JSON.stringify({ type: "console", lines } satisfies ServerMessage));
    for (const c of this.#clients) c.socket.sendFrame(bytes);
  }

  /**
   * Close every page's socket and the server. Safe to call twice.
   *
   * @example
   * ```ts
   * import { WebRenderer } from "./web_renderer.ts";
   * const r = new WebRenderer({ gameDir: "." });
   * await r.stop();
   * await r.stop(); // no-op
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    const closing = [...this.#clients].map((c) => {
      c.socket.close(CLOSE_CODE.goingAway, "Game stopped");
      return c.socket.closed;
    });
    this.#clients.clear();
    const server = this.#server;
    if (server === undefined || !server.listening) return;
    const { promise, resolve } = Promise.withResolvers<void>();
    server.close(() => resolve());
    // Keep-alive connections would hold close() open; an upgraded socket ends itself above.
    server.closeAllConnections();
    await Promise.all([promise, ...closing]);
  }
}
