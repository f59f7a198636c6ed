/**
 * The web renderer: a `Deno.serve` page on localhost. The simulation stays
 * in this process; each drawn frame goes to every open page as JSON over a
 * WebSocket, and the page (WebGL2, WebAudio, `client/`) sends input and
 * console lines back.
 *
 * Routes: `/` the page, `/client/*.js` its scripts, `/assets/<path>` files
 * of the game folder (asset types only, no way out of the folder), `/ws`
 * the socket.
 *
 * @example
 * ```ts ignore
 * import { WebRenderer } from "./web_renderer.ts";
 * const r = new WebRenderer({ gameDir: "examples/shooter", port: 8000 });
 * await r.start(); // open http://localhost:8000/
 * // each frame: r.poll(); r.draw(frame);
 * await r.stop();
 * ```
 *
 * @module
 */

import type { Renderer, RendererEvent, RenderError, RenderFrame } from "../types.ts";
import { ASSET_TYPES, resolveAssetRequest } from "./asset_route.ts";
import { WebProtocolError, WebRendererStateError } from "./errors.ts";
import { pageAssets, parseClientMessage, type ServerMessage } from "./protocol.ts";
import { extname } from "node:path";
import { AssetLoadError, overImageCeiling, readPngSize } from "../../assets/mod.ts";

// Why a PNG's header makes it too big to serve, if it does. A PNG this
// cannot read is served as it is: the browser reports its own errors.
function tooBigImage(bytes: Uint8Array): string | undefined {
  try {
    return overImageCeiling(readPngSize(bytes));
  } catch {
    return undefined;
  }
}

/** Options of {@linkcode WebRenderer}. */
export interface WebRendererOptions {
  /** The game folder; `/assets/` serves files from it only. */
  gameDir: string;
  /** Port; 0 picks a free one (see {@linkcode WebRenderer.port}). Default 8000. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (the page is not for the network). */
  hostname?: string;
  /** Told the page's address once the server listens. Default: a line on stderr. */
  onListen?: (url: string) => void;
  /** Told about bad messages from a page (they are dropped). Default: nothing. */
  onProtocolError?: (error: WebProtocolError) => void;
  /**
   * Told once per request for a game image the page may not have: one that
   * would decode to more than {@linkcode MAX_IMAGE_BYTES}. Default: nothing.
   */
  onAssetError?: (error: AssetLoadError) => void;
}

const CLIENT_FILES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "gl.js": "text/javascript; charset=utf-8",
  "text.js": "text/javascript; charset=utf-8",
  "audio.js": "text/javascript; charset=utf-8",
  "keys.js": "text/javascript; charset=utf-8",
};

/** Frames are skipped for a page whose socket has this much unsent (it catches up on the next). */
const MAX_BUFFERED = 1 << 20;
/** Recent Lua errors kept for pages that connect later. */
const KEPT_ERRORS = 20;

interface Client {
  socket: WebSocket;
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
  #gameDir: string;
  #port: number;
  #hostname: string;
  #onListen: (url: string) => void;
  #onProtocolError: ((error: WebProtocolError) => void) | undefined;
  #onAssetError: ((error: AssetLoadError) => void) | undefined;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #clients = new Set<Client>();
  #events: RendererEvent[] = [];
  #assetsJson = "";
  #lastFrame = "";
  #errors: RenderError[] = [];
  #clientCache = new Map<string, Uint8Array<ArrayBuffer>>();
  #stopping: Promise<void> | undefined;

  /** Create the renderer; nothing listens until {@linkcode WebRenderer.start}. */
  constructor(options: WebRendererOptions) {
    this.#gameDir = options.gameDir;
    this.#port = options.port ?? 8000;
    this.#hostname = options.hostname ?? "127.0.0.1";
    this.#onListen = options.onListen ??
      ((url) => console.error(`Moonglow web renderer: open ${url}`));
    this.#onProtocolError = options.onProtocolError;
    this.#onAssetError = options.onAssetError;
  }

  /** The port listened on (the real one when 0 was asked for). */
  get port(): number {
    return this.#server?.addr.port ?? this.#port;
  }

  /** The page's address, e.g. `http://127.0.0.1:8000/`. */
  get url(): string {
    return `http://${this.#hostname}:${this.port}/`;
  }

  /** How many pages are connected. */
  get clients(): number {
    return this.#clients.size;
  }

  /**
   * Listen. Resolves once the server accepts connections.
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
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#server = Deno.serve({
      port: this.#port,
      hostname: this.#hostname,
      onListen: () => resolve(),
    }, (req) => this.#handle(req));
    return promise.then(() => this.#onListen(this.url));
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === "/ws") return this.#upgrade(req);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method not allowed", { status: 405 });
    }
    if (url.pathname === "/") return await this.#clientFile("index.html");
    // Browsers ask for it on their own; an empty answer keeps their console clean.
    if (url.pathname === "/favicon.ico") return new Response(null, { status: 204 });
    if (url.pathname.startsWith("/client/")) {
      return await this.#clientFile(url.pathname.slice("/client/".length));
    }
    if (url.pathname.startsWith("/assets/")) {
      const requested = url.pathname.slice("/assets/".length);
      const path = await resolveAssetRequest(this.#gameDir, requested);
      if (path === undefined) return new Response("Not found", { status: 404 });
      const ext = extname(path).toLowerCase();
      const type = ASSET_TYPES[ext] ?? "application/octet-stream";
      const body = await Deno.readFile(path);
      const refused = ext === ".png" ? tooBigImage(body) : undefined;
      if (refused !== undefined) {
        // The browser would decode it to gigabytes: the page gets no image, the log a line.
        // resolveAssetRequest decoded it already, so this cannot throw.
        const error = new AssetLoadError(decodeURIComponent(requested), refused);
        this.#onAssetError?.(error);
        return new Response(error.message, { status: 413 });
      }
      return new Response(body, {
        headers: { "content-type": type, "cache-control": "no-cache" },
      });
    }
    return new Response("Not found", { status: 404 });
  }

  async #clientFile(name: string): Promise<Response> {
    const type = CLIENT_FILES[name];
    if (type === undefined) return new Response("Not found", { status: 404 });
    let body = this.#clientCache.get(name);
    if (body === undefined) {
      // fetch reads file: and https: alike, so this works from a checkout and from JSR.
      const res = await fetch(new URL(`./client/${name}`, import.meta.url));
      body = new Uint8Array(await res.arrayBuffer());
      this.#clientCache.set(name, body);
    }
    return new Response(body, { headers: { "content-type": type } });
  }

  #upgrade(req: Request): Response {
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket", { status: 426 });
    }
    const { socket, response } = Deno.upgradeWebSocket(req);
    const client: Client = { socket, held: new Set() };
    socket.onopen = () => {
      if (this.#stopping) return socket.close();
      this.#clients.add(client);
      if (this.#assetsJson) socket.send(this.#assetsJson);
      if (this.#errors.length > 0) this.#send(client, { type: "errors", errors: this.#errors });
      if (this.#lastFrame) socket.send(this.#lastFrame);
    };
    socket.onmessage = (e) => this.#receive(client, e.data);
    socket.onclose = () => this.#drop(client);
    socket.onerror = () => this.#drop(client);
    return response;
  }

  #receive(client: Client, data: unknown): void {
    try {
      if (typeof data !== "string") throw new WebProtocolError("Message is not text");
      const event = parseClientMessage(data);
      if (event.type === "press") client.held.add(event.key);
      if (event.type === "release") client.held.delete(event.key);
      this.#events.push(event);
    } catch (e) {
      if (e instanceof WebProtocolError) this.#onProtocolError?.(e);
      else throw e;
    }
  }

  #drop(client: Client): void {
    if (!this.#clients.delete(client)) return;
    // A page that goes away must not leave its keys pressed in the game.
    for (const key of client.held) this.#events.push({ type: "release", key });
    client.held.clear();
  }

  #send(client: Client, message: ServerMessage | string): void {
    const { socket } = client;
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(typeof message === "string" ? message : JSON.stringify(message));
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
    const { assets, ...rest } = frame;
    if (assets) {
      const json = JSON.stringify({ type: "assets", assets: pageAssets(assets) });
      if (json !== this.#assetsJson) {
        this.#assetsJson = json;
        for (const c of this.#clients) this.#send(c, json);
      }
    }
    if (frame.errors?.length) {
      this.#errors.push(...frame.errors);
      this.#errors.splice(0, Math.max(0, this.#errors.length - KEPT_ERRORS));
    }
    this.#lastFrame = JSON.stringify({ type: "frame", frame: rest });
    for (const c of this.#clients) {
      // Audio and errors ride on the frame, so a skipped frame would lose them: only skip empty ones.
      const important = (frame.audio?.length ?? 0) > 0 || (frame.errors?.length ?? 0) > 0;
      if (!important && c.socket.bufferedAmount > MAX_BUFFERED) continue;
      this.#send(c, this.#lastFrame);
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
    for (const c of this.#clients) this.#send(c, { type: "console", lines });
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
    for (const c of this.#clients) {
      try {
        c.socket.close(1001, "Game stopped");
      } catch {
        // Already closing: nothing to do.
      }
    }
    this.#clients.clear();
    await this.#server?.shutdown();
  }
}
