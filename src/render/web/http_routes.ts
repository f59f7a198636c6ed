/**
 * The web renderer's plain HTTP side: `/` the page, `/client/*.js` its
 * scripts (read once each, the per-run token written into `index.html`),
 * `/assets/<path>` files of the game folder. Only the served host names are
 * answered (`access.ts`); `/ws` is the socket's, upgraded in `web_renderer.ts`.
 *
 * @example
 * ```ts
 * import { HttpRoutes } from "./http_routes.ts";
 * const routes = new HttpRoutes({ gameDir: "examples/shooter", token: "t0k3n", report: () => {} });
 * ```
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname } from "node:path";
import { AssetLoadError, overImageCeiling, readPngSize } from "../../assets/mod.ts";
import type { AccessPolicy } from "./access.ts";
import { ASSET_TYPES, resolveAssetRequest } from "./asset_route.ts";
import { WebAccessError } from "./errors.ts";

/** What a route answers. */
interface Reply {
  /** The HTTP status. */
  status: number;
  /** The body, if any. */
  body?: Uint8Array | string;
  /** Headers besides `content-length` and `x-content-type-options`. */
  headers: Record<string, string>;
}

/** A plain-text answer: `message` and a newline. */
function text(status: number, message: string): Reply {
  return { status, body: `${message}\n`, headers: { "content-type": "text/plain; charset=utf-8" } };
}

// Send what `reply` resolves to (no body for HEAD); a route that throws answers 500.
function sendReply(req: IncomingMessage, res: ServerResponse, reply: Promise<Reply>): void {
  reply.then(
    ({ status, body, headers }) => {
      const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
      res.writeHead(status, {
        "x-content-type-options": "nosniff",
        "content-length": String(bytes?.length ?? 0),
        ...headers,
      });
      res.end(req.method === "HEAD" ? undefined : bytes);
    },
    (e: unknown) => {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    },
  );
}

const CLIENT_FILES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "gl.js": "text/javascript; charset=utf-8",
  "text.js": "text/javascript; charset=utf-8",
  "audio.js": "text/javascript; charset=utf-8",
  "keys.js": "text/javascript; charset=utf-8",
};

/** Where index.html carries the per-run token. */
const TOKEN_SLOT = "{{MOONGLOW_TOKEN}}";

// The page's files, read once each; index.html carries the token.
class ClientFiles {
  #token: string;
  #cache = new Map<string, Uint8Array>();

  constructor(token: string) {
    this.#token = token;
  }

  // The answer for client file `name` (404 for a name that is not one).
  async reply(name: string): Promise<Reply> {
    const type = CLIENT_FILES[name];
    if (type === undefined) return text(404, "Not found");
    let body = this.#cache.get(name);
    if (body === undefined) {
      // fetch reads file: and https: alike, so this works from a checkout and from JSR.
      const res = await fetch(new URL(`./client/${name}`, import.meta.url));
      body = new Uint8Array(await res.arrayBuffer());
      if (name === "index.html") {
        body = new TextEncoder().encode(
          new TextDecoder().decode(body).replace(TOKEN_SLOT, this.#token),
        );
      }
      this.#cache.set(name, body);
    }
    if (name !== "index.html") return { status: 200, body, headers: { "content-type": type } };
    return {
      status: 200,
      body,
      headers: {
        "content-type": type,
        // The token changes every run: a cached page would carry a stale one.
        "cache-control": "no-store",
        // Framed by another site, the page would let that site steer the console through the user.
        "content-security-policy": "frame-ancestors 'none'",
        "x-frame-options": "DENY",
      },
    };
  }
}

// Why a PNG's header makes it too big to serve, if it does. A PNG this
// cannot read is served as it is: the browser reports its own errors.
function tooBigImage(bytes: Uint8Array): string | undefined {
  try {
    return overImageCeiling(readPngSize(bytes));
  } catch {
    return undefined;
  }
}

// The answer for `/assets/<requested>`: a file of the game folder (asset types only, never
// outside it), 404 when there is none, 413 and `onAssetError` for an image too big to decode.
async function assetReply(
  gameDir: string,
  requested: string,
  onAssetError?: (error: AssetLoadError) => void,
): Promise<Reply> {
  const file = await resolveAssetRequest(gameDir, requested);
  if (file === undefined) return text(404, "Not found");
  const ext = extname(file).toLowerCase();
  const type = ASSET_TYPES[ext] ?? "application/octet-stream";
  const body = await Deno.readFile(file);
  const refused = ext === ".png" ? tooBigImage(body) : undefined;
  if (refused !== undefined) {
    // The browser would decode it to gigabytes: the page gets no image, the log a line.
    const error = new AssetLoadError(decodeURIComponent(requested), refused);
    onAssetError?.(error);
    return text(413, error.message);
  }
  return { status: 200, body, headers: { "content-type": type, "cache-control": "no-cache" } };
}

/**
 * The value of header `name` of `req` (repeated ones joined with `, `).
 *
 * @example
 * ```ts
 * import type { IncomingMessage } from "node:http";
 * import { header } from "./http_routes.ts";
 * header({ headers: { host: "127.0.0.1:8000" } } as unknown as IncomingMessage, "host");
 * ```
 */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * What {@linkcode HttpRoutes} serves and whom it tells.
 *
 * @example
 * ```ts
 * import type { RouteOptions } from "./http_routes.ts";
 * const options: RouteOptions = { gameDir: ".", token: "t0k3n", report: console.error };
 * ```
 */
export interface RouteOptions {
  /** The game folder; `/assets/` serves files from it only. */
  readonly gameDir: string;
  /** The per-run token the page carries. */
  readonly token: string;
  /** Told about a request for a host that is not served. */
  readonly report: (error: WebAccessError) => void;
  /** Told about a game image too big for the page. */
  readonly onAssetError?: (error: AssetLoadError) => void;
}

/**
 * Answers the plain HTTP requests of the web renderer's page.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { HttpRoutes } from "./http_routes.ts";
 * const routes = new HttpRoutes({ gameDir: ".", token: "t0k3n", report: () => {} });
 * createServer((req, res) => routes.handle(req, res, undefined)); // 503 until there is a policy
 * ```
 */
export class HttpRoutes {
  #options: RouteOptions;
  #files: ClientFiles;

  /** Routes for one run of the page. */
  constructor(options: RouteOptions) {
    this.#options = options;
    this.#files = new ClientFiles(options.token);
  }

  /**
   * Answer `req` on `res`; `access` is undefined while the server is not listening yet.
   *
   * @example
   * ```ts
   * import { createServer } from "node:http";
   * import { HttpRoutes } from "./http_routes.ts";
   * const routes = new HttpRoutes({ gameDir: ".", token: "t0k3n", report: () => {} });
   * createServer((req, res) => routes.handle(req, res, undefined));
   * ```
   */
  handle(req: IncomingMessage, res: ServerResponse, access: AccessPolicy | undefined): void {
    sendReply(req, res, this.#route(req, access));
  }

  async #route(req: IncomingMessage, access: AccessPolicy | undefined): Promise<Reply> {
    if (access === undefined) return text(503, "Not listening yet");
    try {
      access.checkHost(header(req, "host"));
    } catch (e) {
      if (!(e instanceof WebAccessError)) throw e;
      this.#options.report(e);
      return text(e.status, e.message);
    }
    const target = req.url ?? "";
    // Only origin-form targets: an absolute URL would name a host of its own.
    if (!target.startsWith("/")) return text(400, "Expected a path");
    const path = new URL(target, "http://localhost").pathname;
    if (path === "/ws") return text(426, "Expected a WebSocket");
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "Method not allowed");
    if (path === "/") return await this.#files.reply("index.html");
    // Browsers ask for it on their own; an empty answer keeps their console clean.
    if (path === "/favicon.ico") return { status: 204, headers: {} };
    if (path.startsWith("/client/")) return await this.#files.reply(path.slice("/client/".length));
    if (path.startsWith("/assets/")) {
      const { gameDir, onAssetError } = this.#options;
      return await assetReply(gameDir, path.slice("/assets/".length), onAssetError);
    }
    return text(404, "Not found");
  }
}
