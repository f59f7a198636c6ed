/**
 * The web renderer: a localhost page drawing with WebGL2, fed over a WebSocket.
 *
 * @example
 * ```ts
 * import { WebRenderer } from "./mod.ts";
 * const renderer = new WebRenderer({ gameDir: "examples/shooter" });
 * await renderer.start();
 * ```
 *
 * @module
 */

export * from "./web_renderer.ts";
export * from "./errors.ts";
export {
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  type PageAssets,
  pageAssets,
  parseClientMessage,
  type ServerMessage,
} from "./protocol.ts";
export { ASSET_TYPES, resolveAssetRequest } from "./asset_route.ts";
