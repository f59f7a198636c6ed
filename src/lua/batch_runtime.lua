-- The batch runtime: the privileged chunk every Lua state loads. runtime_lua.ts builds the
-- chunk from this file and the six after it (batch_sink.lua, batch_game_env.lua,
-- batch_decode.lua, batch_callbacks.lua, batch_profile.lua, batch_entry.lua), joined in that order
-- as one function, and passes its varargs; it explains the runtime's shape. Part 1 of 7: the
-- varargs, library functions and protocol numbers as locals, the rt table, the output caps.
-- The other half of the protocol is batch_codec.ts and the files it names.
--
-- Varargs: priv, the VM's privileged helpers (vm_natives.ts); proto, the protocol's numbers declared in
-- TypeScript and this state's load seed; read_value(s, pos), the tagged-value decoder
-- (tagged_value.lua); api, the bindings chunk as a function of rt.
local priv, proto, read_value, api = ...
local G = priv.G
-- pcall_cb(H, f, ...) returns f's first result, nil and the bytes of commands f queued; or the
-- error text, true and 0 (f's commands dropped). See tools/lua_wasm/hot_path.c.
local pcall_cb, H, load_text, memory_hit = priv.call, priv.call_handler, priv.load, priv.memory_hit
-- The batch's protected call: pcall_cb, or in a profiled batch the same call that also counts
-- each callback's instructions and failure (see the profile section below).
local call, counted_call = pcall_cb, priv.counted_call
-- Uncharged: the runtime packs and unpacks its own protocol (the sandbox charges game code).
local spack, sunpack, concat, tunpack = priv.lib.pack, priv.lib.unpack, priv.lib.concat, priv.lib.tunpack
local srep = priv.lib.rep
local tointeger, randomseed, random = math.tointeger, math.randomseed, math.random
local type, tostring, next, select, setmetatable = type, tostring, next, select, setmetatable
local error, collectgarbage, sformat = error, collectgarbage, string.format
local sgsub, ssub = string.gsub, string.sub
local mtype = math.type

-- The protocol's numbers, read once into locals: a name misspelt on either side fails the load
-- instead of comparing against nil in every batch.
local function const(t, name)
  local v = t[name]
  if mtype(v) ~= "integer" then error("batch runtime: protocol constant " .. name .. " is missing", 0) end
  return v
end
local KIND = proto.kind
local SCENE_UPDATE, PHASE_ENTER, TIMER = const(KIND, "SceneUpdate"), const(KIND, "PhaseEnter"), const(KIND, "Timer")
local MENU, CVAR, COLLISION = const(KIND, "Menu"), const(KIND, "CVar"), const(KIND, "Collision")
local CALL, CHUNK = const(KIND, "Call"), const(KIND, "Chunk")
local STATUS = proto.status
local FAILED, OK_WITH_EXTRAS = const(STATUS, "Failed"), const(STATUS, "OkWithExtras")
-- A callback with nothing but commands adds no status bits to its entry (see finish).
if const(STATUS, "Ok") ~= 0 then error("batch runtime: status Ok must be 0", 0) end

local EMPTY = priv.view({}, "snapshot")
local rt = {
  G = G,
  snap = { scalars = EMPTY, integers = EMPTY, strings = EMPTY, flags = EMPTY, entities = EMPTY,
           groups = EMPTY, assets = {}, cvars = EMPTY, input = EMPTY },
  -- The running callback's local asset definitions (the bindings'), false when none: a key
  -- that is always there, so resetting it for each callback takes the quick path.
  local_assets = false,
  -- Lets the bindings freeze data they build lazily after the globals were frozen.
  freeze = priv.freeze,
  -- The uncharged pack and concat, for the bindings' encoding of what the engine built itself.
  lib = priv.lib,
  -- Makes a read binding a C function (see the bindings' prelude).
  read = priv.read_binding,
}

-- Batch output: the commands of every callback that succeeded, in order,
-- packed a chunk at a time; then the extras (return text, logs, errors) of
-- the callbacks that have any; then a table of contents (see toc below).
local results, nres, extras, nextra, prov = {}, 0, {}, 0, 0

-- Output caps per callback (limits.ts): the whole batch is assembled inside
-- the state's memory cap, so one callback's output must stay a small part of
-- it. Going over fails that callback alone, at the call that went over.
-- The command sink counts commands against COMMAND_CAP; `text_room` counts
-- down from TEXT_CAP (one comparison with 0 per line).
local OUTPUT = proto.output
local COMMAND_CAP, TEXT_CAP = const(OUTPUT, "command_bytes"), const(OUTPUT, "text_bytes")
local LOG_LINES = const(OUTPUT, "log_lines")
local text_room = TEXT_CAP
local caller = priv.caller
local function megabytes(n) return sformat("%g MB", n / 1048576) end
local function too_many_commands()
  error(caller() .. "output exceeds " .. megabytes(COMMAND_CAP) .. " of commands in one callback", 0)
end
