/**
 * Which file a `/assets/...` request may read: only asset kinds, only inside
 * the game folder, symlinks included (the real path is checked too).
 *
 * @example
 * ```ts
 * import { resolveAssetRequest } from "./asset_route.ts";
 * await resolveAssetRequest("/games/pong", "assets/ball.png"); // "/games/pong/assets/ball.png"
 * await resolveAssetRequest("/games/pong", "../../etc/passwd.png"); // undefined
 * ```
 *
 * @module
 */

import { extname, resolve } from "node:path";
import { isInside as inside } from "../../core/game_path.ts";

/**
 * Content types of the files the page may load, by extension.
 *
 * @example
 * ```ts
 * import { ASSET_TYPES } from "./asset_route.ts";
 * ASSET_TYPES[".png"]; // "image/png"
 * ```
 */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wav": "audio/wav",
  ".ogg": "audio/ogg",
  ".mp3": "audio/mpeg",
  ".frag": "text/plain; charset=utf-8",
  ".glsl": "text/plain; charset=utf-8",
  ".json": "application/json",
};

/**
 * The absolute path of the game file named by `requested` (URL-encoded,
 * relative to the game folder), or `undefined` when it is outside the
 * folder, not an asset type, or not an existing file.
 *
 * @example
 * ```ts
 * import { resolveAssetRequest } from "./asset_route.ts";
 * await resolveAssetRequest(Deno.cwd(), "%2e%2e/secret.png"); // undefined
 * ```
 */
export async function resolveAssetRequest(
  gameDir: string,
  requested: string,
): Promise<string | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(requested);
  } catch {
    return undefined;
  }
  if (rel.includes("\0") || !(extname(rel).toLowerCase() in ASSET_TYPES)) return undefined;
  const root = resolve(gameDir);
  const path = resolve(root, rel);
  if (!inside(root, path)) return undefined;
  try {
    const [realRoot, realPath] = await Promise.all([Deno.realPath(root), Deno.realPath(path)]);
    if (!inside(realRoot, realPath)) return undefined;
    return (await Deno.stat(realPath)).isFile ? realPath : undefined;
  } catch {
    return undefined;
  }
}
