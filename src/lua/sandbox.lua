-- The privileged prelude that turns a fresh Lua state into the game sandbox and builds the `priv`
-- table handed to engine-owned chunks. It runs once per state, before any other code; its only
-- vararg is the natives table that LuaVm implements in JS (src/lua/vm_natives.ts).
local N = ...
local _G = _G
local debug, string, table, coroutine, os = debug, string, table, coroutine, os
local type, error, tostring, select, next = type, error, tostring, select, next
local rawget, rawset, rawlen, rawequal = rawget, rawset, rawlen, rawequal
local setmetatable = setmetatable
local raw_getmetatable, getregistry = debug.getmetatable, debug.getregistry
local getupvalue, upvaluejoin = debug.getupvalue, debug.upvaluejoin
local traceback = debug.traceback
local load, collectgarbage, pcall, xpcall = load, collectgarbage, pcall, xpcall
local concat, unpack = table.concat, table.unpack
local find, gsub = string.find, string.gsub
local byte = string.byte
local co_create, co_wrap = coroutine.create, coroutine.wrap
local charge, log, read_file, exceeded, spawn = N.charge, N.log, N.read_file, N.exceeded, N.spawn
local caught, co_resume = N.caught, coroutine.resume
local seal, exchange = N.seal, N.exchange
local HOOK_INTERVAL = N.hook_interval
local reg = getregistry()
-- Registry keys LuaVm reads; REGISTRY_KEYS in sandbox.ts must match (sandbox_test.ts checks).
local KEY_PRIV <const> = "moonglow.priv"
local KEY_TOSTRING_ALL <const> = "moonglow.tostring_all"
local KEY_FREEZE <const> = "moonglow.freeze"
local KEY_FN_PREFIX <const> = "moonglow.fn:"
local KEY_RELOAD_OPEN <const> = "moonglow.reload_open"
local KEY_RELOAD_CLOSE <const> = "moonglow.reload_close"
local KEY_RELOAD_FINISH <const> = "moonglow.reload_finish"

-- Removed outright.
_G.io, _G.package, _G.dofile, _G.loadfile, _G.require = nil, nil, nil, nil, nil
string.dump = nil
-- os.clock is the VM's (milliseconds since the state was made): C's clock() wraps after 36 minutes.
_G.os = { clock = N.clock, time = os.time, date = os.date, difftime = os.difftime }
_G.debug = { traceback = traceback }

-- The string metatable is shared by every string; lock it so game code cannot reach it.
local string_mt = raw_getmetatable("")
string_mt.__metatable = "locked"

-- print / warn go to the engine log.
local function join(...)
  local n = select("#", ...)
  if n == 1 then return tostring((...)) end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return concat(parts, "\t")
end
_G.print = function(...) log("info", join(...)) end
_G.warn = function(first, ...)
  if select("#", ...) == 0 and type(first) == "string" and find(first, "^@") then return end
  log("warn", join(first, ...))
end

-- load: text chunks only. A mode without "t" refuses them as Lua does;
-- binary chunks are refused whatever the mode.
_G.load = function(chunk, chunkname, mode, ...)
  if type(mode) == "string" and not find(mode, "t", 1, true)
      and not (type(chunk) == "string" and byte(chunk, 1) == 27) then
    return nil, "attempt to load a text chunk (mode is '" .. mode .. "')"
  end
  if select("#", ...) > 0 then return load(chunk, chunkname, "t", (...)) end
  return load(chunk, chunkname, "t")
end

-- Generational collection: a frame leaves short-lived garbage (request and result strings, the
-- games' temporaries) beside a heap that barely changes, which an incremental cycle marks whole
-- each time; minor collections mark the young objects only (3-7% of a swarm or storm frame).
collectgarbage("generational")

_G.collectgarbage = function(opt, ...)
  if opt == nil or opt == "collect" or opt == "step" then
    -- A full cycle walks the whole heap in C: charge it by heap size.
    charge(collectgarbage("count") * 16 + 100)
    return collectgarbage(opt, ...)
  elseif opt == "count" then
    return collectgarbage("count")
  end
  error("collectgarbage: option '" .. (type(opt) == "string" and opt or type(opt)) ..
    "' is not allowed (only count, collect, step)", 2)
end

-- Reloading (see the reload section below): declared here for rawset.
local pristine, reload_hook, saved, pending

-- Frozen tables and read-only views (below): weak map of each to the table holding its fields (a
-- frozen table holds its own; a view shows a store the engine owns). view_what names what each
-- view shows.
local frozen = setmetatable({}, { __mode = "k" })
local view_what = setmetatable({}, { __mode = "k" })
-- The metatable key that marks a read-only copy (copy_meta below) and names what it shows.
local COPY_OF = {}
-- What a read-only view or copy shows, or nil.
local function read_only_what(t)
  local what = view_what[t]
  if what then return what end
  local mt = raw_getmetatable(t)
  return mt and rawget(mt, COPY_OF)
end

_G.setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not allowed in game code", 2)
  end
  local what = read_only_what(t)
  if what then error(what .. " is read-only (its metatable cannot be changed)", 2) end
  if saved and saved.held[t] then -- a reload's top level: as freezing does, t takes the __index
    raw_getmetatable(t).__index = type(mt) == "table" and rawget(mt, "__index") or nil
    return t
  end
  return setmetatable(t, mt)
end

_G.rawset = function(t, k, v)
  local what = read_only_what(t)
  if what then error("rawset: " .. what .. " is read-only (field '" .. tostring(k) .. "')", 2) end
  if frozen[t] then
    -- A reload's top level writes the globals it builds.
    if saved and saved.held[t] then return rawset(t, k, v) end
    error("rawset: attempt to modify frozen " .. (rawequal(t, _G) and "global" or "table field") ..
      " '" .. tostring(k) .. "'", 2)
  end
  return rawset(t, k, v)
end
-- rawget, rawlen and next read a view's hidden store (a read-only copy holds its own fields). A C
-- function's argument errors name the variable it was called through ("bad argument #1 to
-- 'next'"), so each wrapper is compiled from one text with its own name, in this chunk's name
-- (its frames stay hidden).
local RAW_READ = [[
local frozen, NAME = ...
return function(t ARGS)
  local store = frozen[t]
  if store then return NAME(store ARGS) end
  return NAME(t ARGS)
end]]
local SELF = debug.getinfo(1, "S").source
local RAW_READS = { rawget = { rawget, ", k" }, rawlen = { rawlen, "" }, next = { next, ", k" } }
for name, c in next, RAW_READS do
  local text = gsub(gsub(RAW_READ, "NAME", name), "ARGS", c[2])
  _G[name] = load(text, SELF, "t")(frozen, c[1])
end

-- The pattern functions backtrack in C with no hook inside: one call could run for hours. The
-- engine's copies (string_natives.ts) give the same results and charge every step they take.
string.find, string.match, string.gmatch, string.gsub = N.find, N.match, N.gmatch, N.gsub

-- A budget error is raised from inside the count hook, where Lua runs the message handler with
-- hooks off: a game handler that loops would never be stopped. So the game's handler only runs
-- for errors that are not a spent budget.
-- Unwinding an error is a longjmp, which wasm implements as a JS exception (~3 us, about 100
-- instructions): a caught error is charged so that an error/pcall loop costs what it takes.
local ERROR_COST = 100
local function charged(ok, ...)
  if not ok then caught(ERROR_COST) end
  return ok, ...
end
_G.pcall = function(f, ...) return charged(pcall(f, ...)) end
_G.xpcall = function(f, h, ...)
  if type(h) ~= "function" then
    error("bad argument #2 to 'xpcall' (function expected, got " .. type(h) .. ")", 2)
  end
  return charged(xpcall(f, function(e)
    if exceeded() then return e end
    return h(e)
  end, ...))
end

-- A coroutine inherits the count hook, but instructions it ran since its last hook call are lost
-- when it dies: charge one interval up front so that spawning many short ones is not free.
-- It also inherits the hook's interval: spawn makes it with the usual one even when its creator
-- is hooked on every instruction because its instructions are slow (limits.ts).
coroutine.create = function(f)
  charge(HOOK_INTERVAL)
  if type(f) ~= "function" then return co_create(f) end -- C raises the argument error
  return spawn(co_create, f)
end
coroutine.wrap = function(f)
  charge(HOOK_INTERVAL)
  if type(f) ~= "function" then return co_wrap(f) end
  return spawn(co_wrap, f)
end
-- A failed resume is a caught error too (uncharged: a resume error is not an error/pcall loop).
local function resumed(ok, ...)
  if not ok then caught(0) end
  return ok, ...
end
coroutine.resume = function(co, ...) return resumed(co_resume(co, ...)) end

-- require: dotted names resolve to files of the game folder only.
local loaded, loading = {}, {}
local is_frozen = false
local freeze_value
_G.require = function(name)
  if type(name) ~= "string" then
    error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
  end
  local cached = loaded[name]
  if cached ~= nil then return cached end
  if not find(name, "^[%w_%-]+$") and not find(name, "^[%w_%-]+[%w_%-%.]*[%w_%-]+$") or find(name, "%.%.") then
    error("module '" .. name .. "' has an invalid name (use dotted names like 'lib.util')", 2)
  end
  if loading[name] then error("module '" .. name .. "' is required in a loop", 2) end
  local base = gsub(name, "%.", "/")
  local path = base .. ".lua"
  local src = read_file(path)
  if src == nil then
    path = base .. "/init.lua"
    src = read_file(path)
  end
  if src == nil then
    error("module '" .. name .. "' not found in the game folder (tried " .. base .. ".lua, " ..
      base .. "/init.lua)", 2)
  end
  local chunk, err = load(src, "@" .. path, "t")
  if not chunk then error(err, 0) end
  loading[name] = true
  local ok, result = pcall(chunk, name, path)
  loading[name] = nil
  if not ok then error(result, 0) end
  if result == nil then result = true end
  if is_frozen then freeze_value(result) end
  loaded[name] = result
  return result
end

-- Freezing.
local function frozen_newindex(t, k)
  if rawequal(t, _G) then
    error("attempt to assign to global '" .. tostring(k) .. "' (globals are frozen after loading)", 2)
  end
  error("attempt to modify field '" .. tostring(k) .. "' of a frozen table", 2)
end

-- A frozen table keeps its fields, sealed (tools/lua_wasm/sealed_table.c): game code reads them
-- as fast as any table's, and every write goes to __newindex, which refuses. They are laid out as
-- a copy made in next() order, exchanged in, so that pairs() visits them in the order games (and
-- their recorded dumps) were made with.
local function freeze_table(t, work)
  if frozen[t] then return end
  local old = raw_getmetatable(t)
  if old ~= nil and rawget(old, "__metatable") ~= nil then return end -- owner protected it
  local copy = {}
  for k, v in next, t do copy[k] = v end
  exchange(t, copy)
  local mt = {}
  if old ~= nil then
    for k, v in next, old do mt[k] = v end
    local idx = rawget(old, "__index")
    if type(idx) == "table" then work[#work + 1] = idx end -- (a function, as strict mode's, stays)
  end
  -- The table's own length, order and strong fields, not those a class gives its instances.
  mt.__len, mt.__pairs, mt.__mode = nil, nil, nil
  mt.__newindex = frozen_newindex
  mt.__metatable = "frozen"
  setmetatable(t, mt)
  seal(t, true)
  frozen[t] = t
  for k, v in next, t do
    if type(v) == "table" then work[#work + 1] = v end
    if type(k) == "table" then work[#work + 1] = k end
  end
end

freeze_value = function(v)
  if type(v) ~= "table" then return end
  local work = { v }
  while #work > 0 do
    local t = work[#work]
    work[#work] = nil
    freeze_table(t, work)
  end
end

local function freeze()
  if is_frozen then return end
  is_frozen = true
  freeze_value(_G)
  for _, v in next, loaded do freeze_value(v) end
end

-- Reloading the game's scripts in place: open gives the game's top level fresh globals and
-- standard tables (their fields as engine code left them, see mark_baseline) and a fresh module
-- cache; close puts the running ones back and keeps the new ones pending; finish swaps them in or
-- drops them. The state, and with it every engine table and view, stays: each table keeps its
-- identity while its fields are exchanged (sealed_table.c) with a holder of the other set.
-- (The engine calls open, close and finish without the game's memory cap: vm_reload.ts. What they
-- allocate is made before any table changes all the same.)
local function open_reload()
  if saved or not is_frozen or not pristine then error("reload: not possible before loading or twice", 0) end
  local held, index = {}, {}
  for t, p in next, pristine do
    if frozen[t] then -- (a table whose owner protected its metatable was never frozen: left alone)
      local fresh = {}
      for k, v in next, p.fields do fresh[k] = v end
      held[t], index[t] = fresh, false
    end
  end
  local s = { held = held, index = index, loaded = loaded, loading = loading }
  for t, fresh in next, held do
    exchange(t, fresh) -- t: the baseline's fields, for the top level to build on; fresh: the running ones
    local mt = raw_getmetatable(t)
    index[t] = mt.__index
    mt.__index, mt.__newindex = pristine[t].index, nil
    seal(t, false)
  end
  saved = s
  loaded, loading, is_frozen = {}, {}, false
  if reload_hook then reload_hook(true) end
end
-- Returns the new globals' function names, one a line, when the top level succeeded.
local function close_reload(ok)
  local s = saved or error("reload: no reload is open", 0)
  saved = nil
  local modules = loaded
  local built, index = {}, {}
  for t, running in next, s.held do built[t], index[t] = running, false end
  for t, running in next, built do
    exchange(t, running) -- t: its running fields again; running: what the top level built
    local mt = raw_getmetatable(t)
    index[t] = mt.__index
    mt.__index, mt.__newindex = s.index[t], frozen_newindex
    seal(t, true)
  end
  loaded, loading, is_frozen = s.loaded, s.loading, true
  if reload_hook then reload_hook(false) end
  if not ok then return nil end
  for _, fields in next, built do for _, v in next, fields do freeze_value(v) end end
  -- An __index table the top level gave one of them (setmetatable(_G, { __index = defaults })),
  -- as freezing the first load's does.
  for _, idx in next, index do freeze_value(idx) end
  for _, v in next, modules do freeze_value(v) end
  pending = { fields = built, index = index, loaded = modules }
  local names = {}
  for k, v in next, built[_G] do if type(v) == "function" then names[#names + 1] = tostring(k) end end
  return concat(names, "\n")
end
local function finish_reload(commit) -- whether a reload was pending
  local p = pending
  pending = nil
  if not p then return false end
  if commit then
    for t, fields in next, p.fields do
      exchange(t, fields)
      raw_getmetatable(t).__index = p.index[t]
    end
    loaded = p.loaded
  end
  return true
end

-- Read-only views: the tables the engine hands to callbacks (input, snapshot, contexts). A view is
-- an empty table whose metatable reads a store the engine owns and refills between callbacks.
-- Registered as frozen, it refuses assignment, rawset and setmetatable, and it never hands out its
-- store (pairs iterates through a shared function; next, rawget and rawlen read the store), so
-- nothing a callback does to it reaches the next callback.
local readonly_newindex = setmetatable({}, { __index = function(cache, what)
  local f = function(_, k)
    error(what .. " is read-only (field '" .. tostring(k) .. "')", 2)
  end
  cache[what] = f
  return f
end })
local function view_next(v, k) return next(frozen[v], k) end
local function view_pairs(v) return view_next, v, nil end
local function view_len(v) return rawlen(frozen[v]) end
local function new_view(store, what)
  local v = setmetatable({}, {
    __index = store,
    __newindex = readonly_newindex[what],
    __pairs = view_pairs,
    __len = view_len,
    __metatable = "read-only",
  })
  frozen[v] = store
  view_what[v] = what
  return v
end
-- A read-only copy: a table made while a callback runs, which holds its own fields, sealed (no
-- write reaches them but through __newindex, which refuses), under a metatable shared by the
-- copies of what it shows. Unlike a view it is not registered in the weak tables above (what
-- growing those tables allocates would be charged to the callback, and it depends on the state's
-- history): the metatable names it (COPY_OF), which rawset and setmetatable look for. Copies are
-- made in C (component_read.c); copy_meta(what) is the metatable of the copies of what.
local function copy_meta(what)
  return { __newindex = readonly_newindex[what], __metatable = "read-only", [COPY_OF] = what }
end
-- Point a view at another store (a new key set, a new context layout).
local function set_view_store(v, store)
  raw_getmetatable(v).__index = store
  frozen[v] = store
end

-- Results of run() as strings, converted inside the protected call (tostring may run Lua code).
local function tostring_all(...)
  local n = select("#", ...)
  if n == 0 then return end
  local out = { ... }
  for i = 1, n do out[i] = tostring(out[i]) end
  return unpack(out, 1, n)
end

-- share(f, anchor, names): f's upvalues of these names become anchor's own (a function the
-- engine generates then works on the variables of the chunk that made anchor, as if written
-- there). Both must have each name.
local function upvalue_index(f, name)
  for i = 1, 255 do
    local n = getupvalue(f, i)
    if n == nil then break end
    if n == name then return i end
  end
  error("priv.share: no upvalue " .. tostring(name), 3)
end
local function share(f, anchor, names)
  for _, name in next, names do
    upvaluejoin(f, upvalue_index(f, name), anchor, upvalue_index(anchor, name))
  end
end

local priv = {
  G = _G,
  share = share,
  reset_budget = N.reset_budget,
  set_limits = N.set_limits,
  pcall = N.pcall,
  xpcall = N.xpcall,
  call = N.call,
  call_handler = N.call_handler,
  -- call that also counts the callback's cost, and the cost of a run of calls (profiling).
  counted_call = N.counted_call,
  prof_begin = N.prof_begin,
  prof_end = N.prof_end,
  -- each_costs(n): counted_call records each of the next n callbacks' cost; take_costs(): them,
  -- as bytes (tools/lua_wasm/hot_path.c).
  each_costs = N.each_costs,
  take_costs = N.take_costs,
  unhook = N.unhook,
  -- component_reader(layout, at, meta, max_safe, note): snap.components' lookup of an entity
  -- and the cursor that decodes its components into read-only copies (component_read.c).
  component_reader = N.component_reader,
  -- "file:line: name: " of the game code that called into the engine (see vm_natives.ts).
  caller = N.caller,
  -- hint(kind, name, names): "did you mean" text for a failed lookup (see vm_natives.ts).
  hint = N.hint,
  -- out(section, bytes): stream part of a callBinary reply to JS (see vm_natives.ts).
  out = N.out,
  -- sink_library(cap, overflow): the command sink's functions (tools/lua_wasm/command_sink.c).
  sink_library = N.sink_library,
  -- read_binding(slow, rt, spec): a read binding's C fast path (tools/lua_wasm/snapshot_read.c).
  read_binding = N.read_binding,
  -- unpacker(fmt): a compiled string.unpack of a fixed layout; unpacker(fmt, dests): a filler
  -- that writes the values into tables, and its binder (tools/lua_wasm/fixed_unpack.c).
  unpacker = N.unpacker,
  -- seeded_random(random, randomseed): math.random seeded per callback, with its randomseed;
  -- set_seed(a, b): the seed its next draw applies (tools/lua_wasm/seeded_random.c).
  seeded_random = N.seeded_random,
  set_seed = N.set_seed,
  -- context_reads(f): the fields k of each ctx.k f reads, or false when it may read any
  -- (tools/lua_wasm/context_reads.c).
  context_reads = N.context_reads,
  -- cached_traceback(msg, level): debug.traceback's text, keeping the names of functions it finds
  -- while the globals are frozen (tools/lua_wasm/name_cache.c; the message handlers' traceback).
  cached_traceback = N.cached_traceback,
  -- The chunk name of code the runtime generates: engine code, left out of game positions and
  -- error texts (GENERATED_CHUNK_NAME in sandbox.ts).
  generated_chunk = N.generated_chunk,
  traceback = traceback,
  -- Uncharged C library functions (string.pack, string.unpack as unpack, table.concat,
  -- table.unpack as tunpack, string.rep) for engine code whose inputs it produced itself.
  lib = N.lib,
  memory_hit = N.memory_hit,
  register = function(name, fn)
    if type(name) ~= "string" then error("priv.register: name must be a string", 2) end
    if type(fn) ~= "function" then error("priv.register: fn must be a function", 2) end
    reg[KEY_FN_PREFIX .. name] = fn
  end,
  -- Raw access for engine code after freezing (game code only gets the guarded versions).
  rawset = rawset,
  rawget = rawget,
  getmetatable = raw_getmetatable,
  setmetatable = setmetatable,
  load = load,
  is_frozen = function(t) return frozen[t] ~= nil end,
  set_frozen = function(t, k, v)
    local store = frozen[t]
    if store then rawset(store, k, v) else t[k] = v end
  end,
  freeze = freeze_value,
  -- seal(t, on) and exchange(a, b) (tools/lua_wasm/sealed_table.c), which freezing is made of.
  seal = seal,
  exchange = exchange,
  view = new_view,
  -- copy_meta(what): the metatable of read-only copies of what.
  copy_meta = copy_meta,
  set_view_store = set_view_store,
  -- The VM's log (what print writes to in plain runs): level, text.
  log = log,
  -- The globals engine code leaves for the game: a reload starts its top level from them.
  -- (Before freezing: the __index of a table's metatable is then engine code's.)
  mark_baseline = function()
    pristine = {}
    local function keep(t)
      local c, mt = {}, raw_getmetatable(t)
      for k, v in next, t do c[k] = v end
      pristine[t] = { fields = c, index = mt and rawget(mt, "__index") }
    end
    keep(_G)
    for _, v in next, pristine[_G].fields do if type(v) == "table" and not pristine[v] then keep(v) end end
  end,
  -- fn(true) before a reload's top level runs, fn(false) after.
  on_reload = function(fn) reload_hook = fn end,
}
reg[KEY_PRIV] = priv
reg[KEY_TOSTRING_ALL] = tostring_all
reg[KEY_FREEZE] = freeze
reg[KEY_RELOAD_OPEN], reg[KEY_RELOAD_CLOSE], reg[KEY_RELOAD_FINISH] = open_reload, close_reload, finish_reload
