/**
 * The `tilemap` category: `spawn_tiles` records a request. Spawning the
 * tiles from the Tiled JSON is not implemented yet (see
 * {@linkcode spawnTilesFromTilemap}).
 *
 * @module
 */
import { SkippedCommandError } from "./errors.ts";
import type { GameState, TilemapRequest } from "./game_state.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * TODO: read the Tiled JSON of `request.tilemap` and spawn its tiles. Not
 * implemented yet: it only logs that, so a game using tilemaps sees why no
 * tiles appear.
 *
 * @example
 * ```ts
 * import { spawnTilesFromTilemap } from "./tilemap.ts";
 * import { createGameState } from "./game_state.ts";
 * const state = createGameState();
 * spawnTilesFromTilemap(state, { frame: 0, tilemap: "level1" });
 * console.assert(state.log.entries.length === 1);
 * ```
 */
export function spawnTilesFromTilemap(state: GameState, request: TilemapRequest): void {
  state.log.warn(
    `spawn_tiles: tile spawning is not implemented yet (tilemap "${request.tilemap}")`,
  );
}

/**
 * Apply one `tilemap` command: record the request (the tilemap must be
 * loaded) and hand it to {@linkcode spawnTilesFromTilemap}.
 *
 * @example
 * ```ts
 * import { processTilemap } from "./tilemap.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "./game_state.ts";
 * const state = createGameState();
 * state.assets.tilemap.set("l1", { path: "l1.json", resolved: "/g/l1.json" });
 * processTilemap(
 *   { state, origin: { index: 0, kind: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "spawn_tiles", category: "tilemap", collision: false, args: { tilemap_id: "l1" } },
 * );
 * console.assert(state.tilemapRequests.length === 1);
 * ```
 */
export const processTilemap: Processor<CategoryCommand<"tilemap">> = byName<
  CategoryCommand<"tilemap">
>({
  spawn_tiles: ({ state }, { args: a }) => {
    if (!state.assets.tilemap.has(a.tilemap_id)) {
      throw new SkippedCommandError(`tilemap "${a.tilemap_id}" is not loaded`);
    }
    const request = { frame: state.log.frame, tilemap: a.tilemap_id };
    state.tilemapRequests.push(request);
    spawnTilesFromTilemap(state, request);
  },
});
