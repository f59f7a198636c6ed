// Generated from batch_sink.lua by `deno task embed-lua`; do not edit.

/**
 * The text of `batch_sink.lua`.
 *
 * @example
 * ```ts
 * import { BATCH_SINK_LUA } from "./batch_sink_lua.ts";
 * BATCH_SINK_LUA.length > 0; // true
 * ```
 */
export const BATCH_SINK_LUA: string =
  "-- Batch runtime, part 2 of 7: the command sink and the batch's output as it grows (streaming\n-- large output to JS). The parts run as one chunk, in the order runtime_lua.ts joins\n-- them: each uses the locals of the parts before it.\n\n-- The command sink is C (tools/lua_wasm/command_sink.c): the commands of a batch are queued\n-- there as the reply's bytes. Most bindings are C functions that check and queue in one call\n-- (rt.command makes them, and rt.builder the builder methods that add a record to a builder);\n-- the others queue through rt.put(fmt, ...) or rt.emit(bytes). The\n-- protected call books each callback's commands: it returns their byte count and drops those of\n-- a callback that failed.\nlocal csink = priv.sink_library(COMMAND_CAP, too_many_commands)\nlocal take_commands, drop_commands, count_commands = csink.take, csink.drop, csink.count\nlocal reset_commands = csink.reset\nrt.put, rt.emit, rt.command, rt.builder = csink.put, csink.emit, csink.command, csink.builder\n-- A batch's output is held in this state's memory (capped) until it returns.\n-- Once STREAM_AT bytes of commands are queued, or of taken commands or\n-- extras are held, they are handed to JS (priv.out, sections 0 and 1: the\n-- reply is section 0, section 1, then the returned string), so the output of\n-- many callbacks never adds up in Lua memory. Small batches never reach it.\nlocal out, STREAM_AT = priv.out, 1024 * 1024\n-- pending: command bytes queued in the sink since the last take (the callbacks' counts).\nlocal pending, held, held_x, streamed_x = 0, 0, 0, false\nlocal function flush()\n  if pending == 0 then return end\n  local s = take_commands()\n  nres = nres + 1\n  results[nres] = s\n  held = held + #s\n  if held > STREAM_AT then\n    out(0, concat(results, \"\", 1, nres))\n    for k = 1, nres do results[k] = nil end\n    nres, held = 0, 0\n  end\n  pending = 0\nend\n-- Book extras, handing them to JS once STREAM_AT bytes are held.\nlocal function add_extra(e)\n  nextra = nextra + 1\n  extras[nextra] = e\n  held_x = held_x + #e\n  if held_x > STREAM_AT then\n    out(1, concat(extras, \"\", 1, nextra))\n    for k = 1, nextra do extras[k] = nil end\n    nextra, held_x, streamed_x = 0, 0, true\n  end\nend\nfunction rt.next_id() prov = prov - 1; return prov end\n";
