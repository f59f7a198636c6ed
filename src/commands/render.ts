/**
 * The `render` category: the post-process chain and its uniforms.
 *
 * @module
 */
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `render` command. `post_process_shader` with nil clears the chain.
 *
 * @example
 * ```ts
 * import { processRender } from "./render.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processRender(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "post_process_shader", category: "render", collision: false, args: { ids: ["crt"] } },
 * );
 * console.assert(state.postProcess.shaders[0] === "crt");
 * ```
 */
export const processRender: Processor<CategoryCommand<"render">> = byName<
  CategoryCommand<"render">
>({
  post_process_shader: ({ state }, { args: a }) => {
    state.postProcess.shaders = [...(a.ids ?? [])];
  },
  post_process_set_float: ({ state }, { args: a }) =>
    void state.postProcess.uniforms.set(a.name, { type: "float", value: a.value }),
  post_process_set_int: ({ state }, { args: a }) =>
    void state.postProcess.uniforms.set(a.name, { type: "int", value: a.value }),
  post_process_set_vec2: ({ state }, { args: a }) =>
    void state.postProcess.uniforms.set(a.name, { type: "vec2", value: [a.x, a.y] }),
  post_process_set_vec4: ({ state }, { args: a }) =>
    void state.postProcess.uniforms.set(a.name, { type: "vec4", value: [a.x, a.y, a.z, a.w] }),
  post_process_clear_uniform: ({ state }, { args: a }) =>
    void state.postProcess.uniforms.delete(a.name),
  post_process_clear_uniforms: ({ state }) => state.postProcess.uniforms.clear(),
});
