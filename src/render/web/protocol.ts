/**
 * The messages between the web renderer and its page, as JSON text over one
 * WebSocket. Server to page: `assets` (when the registered files change),
 * `frame` (every drawn frame, without the assets, and without the frame's
 * raw error records: its `errorOverlay` lists the errors to show) and
 * `console` (answers). Page to server: the
 * {@linkcode RendererEvent}s, validated here because the page is untrusted input.
 *
 * @example
 * ```ts
 * import { parseClientMessage } from "./protocol.ts";
 * parseClientMessage('{"type":"press","key":"arrow_left"}'); // { type: "press", key: "arrow_left" }
 * ```
 *
 * @module
 */

import { isKeyName } from "../../input/keys.ts";
import type { RenderAssets, RendererEvent, RenderFrame } from "../../core/render_types.ts";
import { WebProtocolError } from "./errors.ts";
import { MAX_CONSOLE_LINE } from "../../core/ceilings.ts";

/** Asset files as the page sees them: paths relative to the game folder only. */
export interface PageAssets {
  /** Texture key -> path. */
  texture: Record<string, string>;
  /** Font key -> path and size. */
  font: Record<string, { path: string; size?: number }>;
  /** Sound key -> path. */
  sound: Record<string, string>;
  /** Music key -> path. */
  music: Record<string, string>;
  /** Shader key -> path. */
  shader: Record<string, string>;
}

/** A message from the server to the page. */
export type ServerMessage =
  | { type: "assets"; assets: PageAssets }
  | { type: "frame"; frame: Omit<RenderFrame, "assets" | "errors"> }
  | { type: "console"; lines: readonly string[] };

/** Longest console line accepted from the page (the console's own ceiling). */
export { MAX_CONSOLE_LINE };
/** Longest message accepted from the page, in UTF-16 units. */
export const MAX_CLIENT_MESSAGE = 8192;
/**
 * Largest WebSocket message a page may send, in bytes. A message within
 * {@linkcode MAX_CLIENT_MESSAGE} is at most 3 bytes per UTF-16 unit (24 KiB),
 * so only a message that would be refused anyway is cut off, and its socket
 * closed with 1009 before the payload is read.
 */
export const MAX_MESSAGE_BYTES = 32768;
/**
 * WebSocket frames a page may send per second (and at once). A browser sends
 * a mouse move per display refresh and a frame per key change, far below it;
 * above it the socket is closed with 1008.
 */
export const MAX_MESSAGES_PER_SECOND = 500;

/**
 * The page's view of `assets`: relative paths only, so the page never learns
 * where the game sits on disk.
 *
 * @example
 * ```ts
 * import { pageAssets } from "./protocol.ts";
 * const a = pageAssets({
 *   texture: { ball: { path: "assets/ball.png", resolved: "/g/assets/ball.png" } },
 *   font: {}, sound: {}, music: {}, shader: {},
 * });
 * a.texture.ball; // "assets/ball.png"
 * ```
 */
export function pageAssets(assets: RenderAssets): PageAssets {
  const paths = (kind: Exclude<keyof RenderAssets, "font">) =>
    Object.fromEntries(Object.entries(assets[kind]).map(([k, a]) => [k, a.path]));
  const font = Object.fromEntries(
    Object.entries(assets.font).map((
      [k, a],
    ) => [k, a.size === undefined ? { path: a.path } : { path: a.path, size: a.size }]),
  );
  return {
    texture: paths("texture"),
    font,
    sound: paths("sound"),
    music: paths("music"),
    shader: paths("shader"),
  };
}

function finite(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new WebProtocolError(`${what} must be a finite number`);
  }
  return v;
}

function keyName(v: unknown): string {
  if (typeof v !== "string" || !isKeyName(v)) {
    throw new WebProtocolError(`Unknown key name ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return v;
}

/**
 * Parse one message from the page into a {@linkcode RendererEvent}; throws
 * {@linkcode WebProtocolError} for anything else. `quit` is not accepted:
 * closing a page must not stop the game for everyone.
 *
 * @example
 * ```ts
 * import { parseClientMessage } from "./protocol.ts";
 * parseClientMessage('{"type":"console","line":"get r_fov"}'); // { type: "console", line: "get r_fov" }
 * try {
 *   parseClientMessage('{"type":"press","key":"Enter"}');
 * } catch (e) {
 *   (e as Error).message; // 'Unknown key name "Enter"'
 * }
 * ```
 */
export function parseClientMessage(text: string): RendererEvent {
  if (text.length > MAX_CLIENT_MESSAGE) throw new WebProtocolError("Message is too long");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new WebProtocolError("Message is not JSON");
  }
  if (typeof data !== "object" || data === null) {
    throw new WebProtocolError("Message is not an object");
  }
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case "press":
    case "release":
      return { type: m.type, key: keyName(m.key) };
    case "mouse":
      return { type: "mouse", x: finite(m.x, "Mouse x"), y: finite(m.y, "Mouse y") };
    case "console": {
      if (typeof m.line !== "string") throw new WebProtocolError("Console line must be a string");
      if (m.line.length > MAX_CONSOLE_LINE) throw new WebProtocolError("Console line is too long");
      return { type: "console", line: m.line };
    }
    default:
      throw new WebProtocolError(`Unknown message type ${JSON.stringify(m.type)?.slice(0, 40)}`);
  }
}
