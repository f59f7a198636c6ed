-- Batch runtime, part 3 of 7: what game code sees of the runtime beside the bindings: log lines
-- and print, seeded math.random, the API modules, callback-name hints, and the warning for a
-- command queued by the game's top level.

-- Log lines are kept even when the callback fails: they explain the failure. `noted`: the
-- running callback logged or read components, so finish() books it (the runners' common path
-- then tests one flag instead of each count).
local logs, nlogs, noted = {}, 0, false
local LEVELS = { debug = 0, info = 1, warn = 2, error = 3 }
local vm_log = priv.log
function rt.log(level, msg)
  -- Before the first batch, only the game's top level runs: no callback
  -- collects its lines, so they go to the VM's log (the engine keeps one state's).
  if rt.frame == nil then return vm_log(level, tostring(msg)) end
  msg = tostring(msg)
  local r = text_room - #msg
  if r < 0 then
    error(caller() .. "output exceeds " .. megabytes(TEXT_CAP) .. " of log text in one callback", 0)
  end
  if nlogs >= LOG_LINES then
    error(caller() .. "output exceeds " .. LOG_LINES .. " log lines in one callback", 0)
  end
  text_room = r
  nlogs, noted = nlogs + 1, true
  logs[nlogs] = spack("<Bs4", LEVELS[level] or 1, msg)
end

G.print = function(...)
  local n, parts = select("#", ...), {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  rt.log("info", concat(parts, "\t"))
end

-- Each callback draws from its own seed, which the decoders hand to C with its request (the
-- unpackers' S items); most callbacks never draw a number, so the seed is applied on the first
-- draw (or replaced by the game's own randomseed). Until the first callback, the load seed:
-- Lua's own default seed is the clock.
local LOAD_SEED_A, LOAD_SEED_B = const(proto, "load_seed_a"), const(proto, "load_seed_b")
local set_seed = priv.set_seed
G.math.random, G.math.randomseed = priv.seeded_random(random, randomseed)
set_seed(LOAD_SEED_A, LOAD_SEED_B)

-- Failure-path hints (the VM's native words them as `check` does): the bindings ask it about
-- names missing from a module table or the builder methods, the runtime about callback names.
local hint = priv.hint
rt.hint = hint

do
  local modules = api(rt)
  if type(modules) == "table" then
    for k, v in next, modules do G[k] = v end
  end
end

-- The globals before any game code runs: the game's own functions are the others.
local BUILTIN = {}
for k in next, G do BUILTIN[k] = true end
-- "did you mean ...?" among the game's global functions, or "".
function rt.callback_hint(name)
  local names, n = {}, 0
  for k, v in next, G do
    if type(k) == "string" and type(v) == "function" and not BUILTIN[k] then n = n + 1; names[n] = k end
  end
  return hint("callback", name, concat(names, "\n", 1, n))
end

-- Until the first batch only the game's top level runs (main.lua and what it requires), and a
-- command queued there belongs to no callback: it is dropped. So until then the command sink
-- says so, once per line, instead of queueing; the first batch puts the real sink in place, so
-- callbacks pay nothing for this. (The bindings made by rt.command take the slow way, through
-- rt.put, until the first batch tells the sink to queue.)
local sink = { put = rt.put, emit = rt.emit, emit_built = rt.emit_built }
local TOP_LEVEL_CALL = proto.top_level_call
if type(TOP_LEVEL_CALL) ~= "string" then error("batch runtime: protocol text top_level_call is missing", 0) end
local top_level_lines = {}
local function top_level_command()
  -- "file:line: " of the game's call (caller() adds the engine function's name: dropped).
  local where = caller():match("^[^\n]-:%d+: ") or ""
  if not top_level_lines[where] then
    top_level_lines[where] = true
    vm_log("warn", where .. TOP_LEVEL_CALL)
  end
end
for k in next, sink do rt[k] = top_level_command end
local sink_live = false

