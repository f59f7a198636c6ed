-- Batch runtime, part 2 of 7: the command sink and the batch's output as it grows (streaming
-- large output to JS). The parts run as one chunk, in the order runtime_lua.ts joins
-- them: each uses the locals of the parts before it.

-- The command sink is C (tools/lua_wasm/command_sink.c): the commands of a batch are queued
-- there as the reply's bytes. Most bindings are C functions that check and queue in one call
-- (rt.command makes them, and rt.builder the builder methods that add a record to a builder;
-- the others add theirs with rt.append(st, bytes), and build() queues a builder's command with
-- rt.emit_built(st, id)); the others queue through rt.put(fmt, ...) or rt.emit(bytes). The
-- protected call books each callback's commands: it returns their byte count and drops those of
-- a callback that failed.
local csink = priv.sink_library(COMMAND_CAP, too_many_commands)
local take_commands, drop_commands, count_commands = csink.take, csink.drop, csink.count
local reset_commands = csink.reset
rt.put, rt.emit, rt.command, rt.builder = csink.put, csink.emit, csink.command, csink.builder
rt.emit_built, rt.append = csink.emit_built, csink.append
-- A batch's output is held in this state's memory (capped) until it returns.
-- Once STREAM_AT bytes of commands are queued, or of taken commands or
-- extras are held, they are handed to JS (priv.out, sections 0 and 1: the
-- reply is section 0, section 1, then the returned string), so the output of
-- many callbacks never adds up in Lua memory. Small batches never reach it.
local out, STREAM_AT = priv.out, 1024 * 1024
-- pending: command bytes queued in the sink since the last take (the callbacks' counts).
local pending, held, held_x, streamed_x = 0, 0, 0, false
local function flush()
  if pending == 0 then return end
  local s = take_commands()
  nres = nres + 1
  results[nres] = s
  held = held + #s
  if held > STREAM_AT then
    out(0, concat(results, "", 1, nres))
    for k = 1, nres do results[k] = nil end
    nres, held = 0, 0
  end
  pending = 0
end
-- Book extras, handing them to JS once STREAM_AT bytes are held.
local function add_extra(e)
  nextra = nextra + 1
  extras[nextra] = e
  held_x = held_x + #e
  if held_x > STREAM_AT then
    out(1, concat(extras, "", 1, nextra))
    for k = 1, nextra do extras[k] = nil end
    nextra, held_x, streamed_x = 0, 0, true
  end
end
function rt.next_id() prov = prov - 1; return prov end
