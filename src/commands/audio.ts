/**
 * The `audio` category: applied audio commands go to the audio log that
 * `--dump-state` shows and audio adapters play.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

function record(state: GameState, action: string, id: string | null): void {
  state.audio.push({ frame: state.log.frame, action, id });
}

/**
 * Apply one `audio` command.
 *
 * @example
 * ```ts
 * import { processAudio } from "./audio.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processAudio(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "play_sound", category: "audio", collision: false, args: { id: "hit" } },
 * );
 * console.assert(state.audio[0]?.action === "play_sound");
 * ```
 */
export const processAudio: Processor<CategoryCommand<"audio">> = byName<CategoryCommand<"audio">>({
  play_music: ({ state }, { args: a }) => record(state, "play_music", a.id),
  play_sound: ({ state }, { args: a }) => record(state, "play_sound", a.id),
  stop_all_music: ({ state }) => record(state, "stop_all_music", null),
  stop_all_sounds: ({ state }) => record(state, "stop_all_sounds", null),
});
