/**
 * The Lua API of Moonglow, declared once and derived everywhere: the Lua
 * bindings chunk, the command codec, `engine.__meta`, LuaLS stubs and the
 * Markdown reference.
 *
 * @example
 * ```ts
 * import { decodeCommands, engineLuaSource } from "./mod.ts";
 * engineLuaSource().length > 0;
 * decodeCommands(new Uint8Array()).length; // 0
 * ```
 *
 * @module
 */
export * from "./types.ts";
export type * from "./command.ts";
export {
  CommandDecodeError,
  CommandEncodeError,
  decodeCommands,
  encodeCommand,
  encodeCommands,
  opcodeOf,
} from "./codec.ts";
export { engineLuaSource } from "./lua_bindings.ts";
export { type Meta, metaData, type MetaFunction, type MetaParam } from "./meta.ts";
export { luaStubs } from "./stubs.ts";
export { apiDocs } from "./docs.ts";
export { luacheckConfig } from "./luacheck.ts";
export {
  BUILDERS,
  COMMAND_SPECS,
  type CommandSpec,
  FUNCTIONS,
  qualifiedName,
  RECORD_SPECS,
  type RecordSpec,
} from "./table.ts";
export { type ComponentDecl, COMPONENTS, type ComponentSetter } from "./decl/components.ts";
export { CORE_FUNCTIONS } from "./decl/core.ts";
export { SIGNAL_FUNCTIONS } from "./decl/signals.ts";
export { WORLD_FUNCTIONS } from "./decl/world.ts";
export { ENTITY_FUNCTIONS } from "./decl/entity.ts";
export { COMPONENT_NAMES, MODULE_FUNCTIONS } from "./decl/modules.ts";
export { BUILDER_METHODS } from "./decl/builder.ts";
