/**
 * The `asset` category: `load_*` register a key and its path. Reading and
 * decoding the file is the renderer's (or audio adapter's) job.
 *
 * @module
 */
import { resolveGamePath } from "../core/game_path.ts";
import type { AssetEntry, FileAssetKind, GameState } from "../state/game_state.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Resolve `path` inside the game folder, refusing paths that leave it,
 * through `..`, an absolute path or a symbolic link.
 *
 * @throws {OutsideGameFolderError} when the path is outside the game folder
 * (the apply stage writes it as an error line naming the file).
 * @example
 * ```ts
 * import { resolveAssetPath } from "./asset.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState({ gameDir: "/games/pong" });
 * console.assert(resolveAssetPath(state, "img/ball.png") === "/games/pong/img/ball.png");
 * ```
 */
export function resolveAssetPath(state: GameState, path: string): string {
  return resolveGamePath(state.gameDir, path);
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

// With `checkAssetFiles`, a missing file is an error record (dump, overlay,
// summary), yet the key is registered: the game goes on (its uses draw or
// play nothing) instead of failing at every later use of the key.
function register(
  state: GameState,
  fn: string,
  kind: FileAssetKind,
  id: string,
  path: string,
  size?: number,
) {
  const entry: AssetEntry = { path, resolved: resolveAssetPath(state, path) };
  if (size !== undefined) entry.size = size;
  state.assets[kind].set(id, entry);
  if (state.checkAssetFiles && !isFile(entry.resolved)) {
    state.log.assetError(
      fn,
      path,
      `${kind} "${id}": file "${path}" does not exist in the game folder`,
    );
  }
}

/**
 * Apply one `asset` command. Loading a key again replaces it.
 *
 * @example
 * ```ts
 * import { processAsset } from "./asset.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState({ gameDir: "/games/pong" });
 * processAsset(
 *   { state, origin: { index: 0, rank: 9, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "load_texture", category: "asset", collision: false, args: { id: "ball", path: "ball.png" } },
 * );
 * console.assert(state.assets.texture.has("ball"));
 * ```
 */
export const processAsset: Processor<CategoryCommand<"asset">> = byName<CategoryCommand<"asset">>({
  load_texture: ({ state }, { name, args: a }) => register(state, name, "texture", a.id, a.path),
  load_font: ({ state }, { name, args: a }) => register(state, name, "font", a.id, a.path, a.size),
  load_music: ({ state }, { name, args: a }) => register(state, name, "music", a.id, a.path),
  load_sound: ({ state }, { name, args: a }) => register(state, name, "sound", a.id, a.path),
  load_tilemap: ({ state }, { name, args: a }) => register(state, name, "tilemap", a.id, a.path),
  load_shader: ({ state }, { name, args: a }) => register(state, name, "shader", a.id, a.path),
});
