-- The batch runtime: the privileged chunk every Lua state loads. runtime_lua.ts builds the
-- chunk from this file and passes its varargs; it explains the runtime's shape. The other half of
-- the protocol is batch_codec.ts.
--
-- Varargs: priv, the VM's privileged helpers (vm.ts); proto, the protocol's numbers declared in
-- TypeScript and this state's load seed; read_value(s, pos), the tagged-value decoder
-- (tagged_value.lua); api, the bindings chunk as a function of rt.
local priv, proto, read_value, api = ...
local G = priv.G
-- pcall_cb(H, f, ...) returns f's first result, or the error text and true.
local pcall_cb, H, load_text, memory_hit = priv.call, priv.call_handler, priv.load, priv.memory_hit
-- The batch's protected call: pcall_cb, or in a profiled batch the same call that also counts
-- each callback's instructions and failure (see the profile section below).
local call, counted_call = pcall_cb, priv.counted_call
-- Uncharged: the runtime packs and unpacks its own protocol (the sandbox charges game code).
local spack, sunpack, concat, tunpack = priv.lib.pack, priv.lib.unpack, priv.lib.concat, priv.lib.tunpack
local tointeger, randomseed, random = math.tointeger, math.randomseed, math.random
local type, tostring, next, select, setmetatable = type, tostring, next, select, setmetatable
local error, collectgarbage, sformat = error, collectgarbage, string.format
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
  local_assets = nil,
  -- Lets the bindings freeze data they build lazily after the globals were frozen.
  freeze = priv.freeze,
  -- The uncharged pack and concat, for the bindings' encoding of what the engine built itself.
  lib = priv.lib,
}

-- Batch output: the commands of every callback that succeeded, in order,
-- packed a chunk at a time; then the extras (return text, logs, errors) of
-- the callbacks that have any; then a table of contents (see toc below).
local results, nres, extras, nextra, prov = {}, 0, {}, 0, 0

-- Output caps per callback (limits.ts): the whole batch is assembled inside
-- the state's memory cap, so one callback's output must stay a small part of
-- it. Going over fails that callback alone, at the call that went over.
-- `room` and `text_room` count down from the caps (one comparison with 0 per
-- command); a callback's command bytes are COMMAND_CAP - room.
local OUTPUT = proto.output
local COMMAND_CAP, TEXT_CAP = const(OUTPUT, "command_bytes"), const(OUTPUT, "text_bytes")
local LOG_LINES = const(OUTPUT, "log_lines")
local room, text_room = COMMAND_CAP, TEXT_CAP
local caller = priv.caller
local function megabytes(n) return sformat("%g MB", n / 1048576) end
local function too_many_commands()
  error(caller() .. "output exceeds " .. megabytes(COMMAND_CAP) .. " of commands in one callback", 0)
end

-- The command sink. Bindings queue a command's pack format and values
-- (rt.put<k>) or its encoded bytes (rt.emit); flush() packs everything queued
-- with one string.pack, between callbacks, so a failed callback's commands
-- are cut off by resetting two counters.
local cf, cv, nf, nv = {}, {}, 0, 0
-- rt.put1 .. rt.put12 (MAX_PUT_VALUES in runtime_lua.ts; batch_runtime_test.ts checks), one per
-- arity: a vararg function would cost a frame copy per command. One store per statement through
-- a local: no upvalue reload, no temporaries.
function rt.put1(f, size, v1)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 1
  t[j + 1] = v1
end
function rt.put2(f, size, v1, v2)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 2
  t[j + 1] = v1; t[j + 2] = v2
end
function rt.put3(f, size, v1, v2, v3)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 3
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3
end
function rt.put4(f, size, v1, v2, v3, v4)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 4
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4
end
function rt.put5(f, size, v1, v2, v3, v4, v5)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 5
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5
end
function rt.put6(f, size, v1, v2, v3, v4, v5, v6)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 6
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
end
function rt.put7(f, size, v1, v2, v3, v4, v5, v6, v7)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 7
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7
end
function rt.put8(f, size, v1, v2, v3, v4, v5, v6, v7, v8)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 8
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8
end
function rt.put9(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 9
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9
end
function rt.put10(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 10
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10
end
function rt.put11(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 11
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10; t[j + 11] = v11
end
function rt.put12(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 12
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10; t[j + 11] = v11; t[j + 12] = v12
end
local BLOB = setmetatable({}, { __index = function(t, n) local f = "c" .. n; t[n] = f; return f end })
function rt.emit(bytes)
  local n = #bytes
  local r = room - n
  if r < 0 then return too_many_commands() end
  room = r
  nf = nf + 1; cf[nf] = BLOB[n]
  nv = nv + 1; cv[nv] = bytes
end
-- Values a format takes, for packing a long queue in pieces.
local sgsub = string.gsub
local ARITY = setmetatable({}, { __index = function(t, f)
  local _, k = sgsub(f, "%a%d*", ""); t[f] = k; return k
end })
-- finish() flushes once FLUSH_AT values are queued (one string.pack takes them all); one pack takes
-- up to twice that, so only a single callback queueing thousands is cut in pieces.
local FLUSH_AT, PACK_MAX = 4096, 8192
local hw = 0 -- most values queued at once in this batch (cleared at its end)
-- A batch's output is held in this state's memory (capped) until it returns.
-- Once STREAM_AT bytes of commands are queued, or of packed commands or
-- extras are held, they are packed and handed to JS (priv.out, sections 0
-- and 1: the reply is section 0, section 1, then the returned string), so
-- the output of many callbacks never adds up in Lua memory. Small batches
-- never reach it.
local out, STREAM_AT = priv.out, 1024 * 1024
local pending, held, held_x, streamed_x = 0, 0, 0, false
-- Commands packed so far in this batch (nf counts those still queued): a profiled run's
-- commands are the difference across it.
local packed = 0
local function flush()
  if nf == 0 then return end
  packed = packed + nf
  if nv > hw then hw = nv end
  local from = nres + 1
  if nv <= PACK_MAX then
    nres = nres + 1
    results[nres] = spack("<" .. concat(cf, "", 1, nf), tunpack(cv, 1, nv))
  else
    -- One callback queued more values than one call can take: pack in pieces.
    local i, j = 1, 0
    while i <= nf do
      local k, vals = i, 0
      repeat vals = vals + ARITY[cf[k]]; k = k + 1 until k > nf or vals + ARITY[cf[k]] > PACK_MAX
      nres = nres + 1
      results[nres] = spack("<" .. concat(cf, "", i, k - 1), tunpack(cv, j + 1, j + vals))
      i, j = k, j + vals
    end
  end
  if pending > STREAM_AT then
    -- Large values (strings) queued: let them go now rather than at the batch's end.
    for k = 1, nv do cv[k] = nil end
  end
  for k = from, nres do held = held + #results[k] end
  if held > STREAM_AT then
    out(0, concat(results, "", 1, nres))
    for k = 1, nres do results[k] = nil end
    nres, held = 0, 0
  end
  nf, nv, pending = 0, 0, 0
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
-- Log lines are kept even when the callback fails: they explain the failure.
local logs, nlogs = {}, 0
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
  nlogs = nlogs + 1
  logs[nlogs] = spack("<Bs4", LEVELS[level] or 1, msg)
end

G.print = function(...)
  local n, parts = select("#", ...), {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  rt.log("info", concat(parts, "\t"))
end

-- Seeding costs a C call per callback; most callbacks never draw a number, so
-- the callback's seed is applied on the first draw (or replaced by the game's own).
-- Until the first callback, the load seed: Lua's own default seed is the clock.
local seed_a, seed_b, seeded = const(proto, "load_seed_a"), const(proto, "load_seed_b"), false
G.math.random = function(...)
  if not seeded then seeded = true; randomseed(seed_a, seed_b) end
  return random(...)
end
G.math.randomseed = function(...)
  seeded = true
  return randomseed(...)
end

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
-- callbacks pay nothing for this.
-- The rt.put<k> functions and rt.emit (by string.sub: the sandbox's pattern functions are natives).
local sink, ssub = {}, string.sub
for k, f in next, rt do
  if k == "emit" or ssub(k, 1, 3) == "put" then sink[k] = f end
end
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

-- What a callback is given (input, snapshot, contexts) is a read-only view
-- (priv.view, sandbox.lua) of a store only the runtime writes: assignment,
-- rawset, setmetatable and pairs cannot reach the store, so no callback can
-- leave anything behind for the next one, whichever state runs it.
local view, set_view_store = priv.view, priv.set_view_store

-- Read-only view of a decoded table; nested tables are wrapped too.
local function readonly(t, what)
  for k, v in next, t do
    if type(v) == "table" then t[k] = readonly(v, what) end
  end
  return view(t, what)
end

local input = readonly({ digital = {}, analog = {}, mouse = {} }, "input")

-- A signal table: its store, the view callbacks see, and the keys of the last fill.
local function new_signals(what)
  local t = {}
  return { t = t, v = view(t, what), keys = {}, n = 0 }
end
-- Point a signal table at a new store.
local function set_store(sub, t)
  sub.t = t
  set_view_store(sub.v, t)
end
-- A context table (ctx) is made afresh when its layout (field mask) changes
-- and filled in one fixed order, so the order pairs() visits it in depends on
-- its fields only, not on what this state ran before (which differs with the
-- number of workers); callbacks of one layout reuse it. Each store (ctx, pos,
-- ...) has its view (ctx_ro, pos_ro, ...): the decoders write the stores and
-- put the views in the context.
local function new_pool()
  local P = { ctx = {}, mask = 0, sig = {},
    subs = { new_signals("ctx.signals.scalars"), new_signals("ctx.signals.integers"),
      new_signals("ctx.signals.strings"), new_signals("ctx.signals.flags") } }
  P.ctx_ro = view(P.ctx, "ctx")
  for _, f in next, { "pos", "screen_pos", "vel", "scale", "rect", "timer", "sprite", "animation" } do
    local t = {}
    P[f], P[f .. "_ro"] = t, view(t, "ctx." .. f)
  end
  local sig, subs = P.sig, P.subs
  sig.scalars, sig.integers, sig.strings, sig.flags = subs[1].v, subs[2].v, subs[3].v, subs[4].v
  P.sig_ro = view(sig, "ctx.signals")
  return P
end
local entity_pool, pool_a, pool_b = new_pool(), new_pool(), new_pool()
local sides_a, sides_b = {}, {}
local coll_ctx = { sides = view({ a = view(sides_a, "ctx.sides.a"), b = view(sides_b, "ctx.sides.b") },
  "ctx.sides") }
coll_ctx.a, coll_ctx.b = pool_a.ctx_ro, pool_b.ctx_ro
local coll_ro = view(coll_ctx, "ctx")
local menu_ctx = {}
local menu_ro = view(menu_ctx, "ctx")

-- Entity signals: four counts, then (key, value) entries of each table in
-- order. A new key set gets a new table: the order `pairs` visits it then
-- depends only on its keys, not on what this state filled before (which
-- differs with the number of workers). The same keys as the last fill reuse
-- its table (a collision's two contexts always come with their keys).
local function fill_signals(sub, s, p, n, j)
  local keys, same = sub.keys, n == sub.n
  local t = same and sub.t or {}
  for i = 1, n do
    local k, v
    if j == 4 then k, p = sunpack("<s4", s, p); v = true
    elseif j == 3 then k, v, p = sunpack("<s4s4", s, p)
    else
      k, v, p = sunpack("<s4d", s, p)
      if j == 2 then v = tointeger(v) or v end
    end
    if same and keys[i] ~= k then
      -- Another key set after all: start a new table with the keys read so far.
      same = false
      local fresh = {}
      for m = 1, i - 1 do fresh[keys[m]] = t[keys[m]] end
      t = fresh
    end
    t[k] = v
    keys[i] = k
  end
  for i = n + 1, sub.n do keys[i] = nil end
  if t ~= sub.t then set_store(sub, t) end
  sub.n = n
  return p
end

local function read_signals(s, p, pool, c1, c2, c3, c4)
  local subs = pool.subs
  local s1, s2, s3, s4 = subs[1], subs[2], subs[3], subs[4]
  if c1 > 0 or s1.n > 0 then p = fill_signals(s1, s, p, c1, 1) end
  if c2 > 0 or s2.n > 0 then p = fill_signals(s2, s, p, c2, 2) end
  if c3 > 0 or s3.n > 0 then p = fill_signals(s3, s, p, c3, 3) end
  if c4 > 0 or s4.n > 0 then p = fill_signals(s4, s, p, c4, 4) end
  return p
end

-- The key set of a run of entity callbacks, sent once in its header: four
-- counts, then the keys of each category in order. The pool's signal tables
-- are kept when they hold exactly these keys, else made anew with the keys
-- inserted in order (so pairs() order depends on the keys only); values come
-- with each callback. Returns the position after the keys and the key set's
-- name (for the decoder cache).
local function read_shape(s, p, pool, counts)
  local names = {}
  for j = 1, 4 do
    local sub, n = pool.subs[j], counts[j]
    local keys, same = sub.keys, n == sub.n
    local read = {}
    for i = 1, n do
      read[i], p = sunpack("<s4", s, p)
      if read[i] ~= keys[i] then same = false end
    end
    if not same then
      local t = {}
      -- Placeholders in key order; every callback writes every value.
      for i = 1, n do t[read[i]] = true; keys[i] = read[i] end
      for i = n + 1, sub.n do keys[i] = nil end
      set_store(sub, t)
      sub.n = n
    end
    names[j] = concat(read, "\0", 1, n)
  end
  return p, concat(names, "\1")
end

-- A decoder per field mask: one string.unpack for every fixed field. The
-- layout (bit order) is the contract with writeEntity in batch_codec.ts.
local F = proto.field
local SIGNALS = const(F, "Signals")
local FIELDS = {
  { const(F, "Group"), "s4", 1, "c.group = v1", { "group" } },
  { const(F, "Pos"), "dd", 2, "local t = P.pos; t.x, t.y = v1, v2; c.pos = P.pos_ro", { "pos" } },
  { const(F, "ScreenPos"), "dd", 2, "local t = P.screen_pos; t.x, t.y = v1, v2; c.screen_pos = P.screen_pos_ro",
    { "screen_pos" } },
  { const(F, "Vel"), "dd", 2,
    "local t = P.vel; t.x, t.y = v1, v2; c.vel = P.vel_ro; c.speed_sq = v1 * v1 + v2 * v2",
    { "vel", "speed_sq" } },
  { const(F, "Frozen"), "B", 1, "c.frozen = v1 == 1", { "frozen" } },
  { const(F, "Rotation"), "d", 1, "c.rotation = v1", { "rotation" } },
  { const(F, "Scale"), "dd", 2, "local t = P.scale; t.x, t.y = v1, v2; c.scale = P.scale_ro", { "scale" } },
  { const(F, "Rect"), "dddd", 4, "local t = P.rect; t.x, t.y, t.w, t.h = v1, v2, v3, v4; c.rect = P.rect_ro",
    { "rect" } },
  { const(F, "Phase"), "s4d", 2, "c.phase, c.time_in_phase = v1, v2", { "phase", "time_in_phase" } },
  { const(F, "PreviousPhase"), "s4", 1, "c.previous_phase = v1", { "previous_phase" } },
  { const(F, "Timer"), "dds4", 3,
    "local t = P.timer; t.duration, t.elapsed, t.callback = v1, v2, v3; c.timer = P.timer_ro",
    { "timer" } },
  { SIGNALS, "I4I4I4I4", 4, "sig = true; g1, g2, g3, g4 = v1, v2, v3, v4", { "signals" } },
  { const(F, "Sprite"), "s4BB", 3,
    "local t = P.sprite; t.tex_key, t.flip_h, t.flip_v = v1, v2 == 1, v3 == 1; c.sprite = P.sprite_ro",
    { "sprite" } },
  { const(F, "Animation"), "s4dd", 3,
    "local t = P.animation; t.key, t.frame_index, t.elapsed = v1, tointeger(v2) or v2, v3; " ..
      "c.animation = P.animation_ro",
    { "animation" } },
}
-- Every field TypeScript may send has a decoder above, or the load fails.
local ALL_FIELDS = 0
for _, f in next, FIELDS do ALL_FIELDS = ALL_FIELDS | f[1] end
for name in next, F do
  if ALL_FIELDS & const(F, name) == 0 then error("batch runtime: no decoder for context field " .. name, 0) end
end
local decoders = { [false] = {}, [true] = {} }
local shaped, nshaped = {}, 0
-- The signal values of a run's key set: formats and assignments into the
-- four signal stores (flags have no value: each listed flag is set true).
local function shape_code(pool, vars, nvars)
  local fmt, code = "", {}
  for j = 1, 4 do
    local sub = pool.subs[j]
    for i = 1, sub.n do
      local t = "t" .. j .. "[" .. sformat("%q", sub.keys[i]) .. "] = "
      if j == 4 then code[#code + 1] = t .. "true"
      else
        nvars = nvars + 1
        local v = "x" .. nvars
        vars[#vars + 1] = v
        fmt = fmt .. (j == 3 and "s4" or "d")
        code[#code + 1] = t .. (j == 2 and "tointeger(" .. v .. ") or " .. v or v)
      end
    end
  end
  code[#code + 1] = "c.signals = P.sig_ro"
  return fmt, code
end
-- A decoder per field mask: one string.unpack for every fixed field. With
-- `head`, the callback's index and seed words come first (entity runs):
-- the decoder returns them after the position. With `pool` (a run whose key
-- set came in its header) the signal values follow the fixed fields and are
-- read by the same unpack; without, each context carries its keys.
local function decoder(mask, head, pool, shape)
  if mask & ~ALL_FIELDS ~= 0 then error("unknown context fields " .. mask, 0) end
  local fmt, vars, code, nvars = "<i8", { "id" }, {}, 0
  if head then fmt, vars = "<I4I4I4i8", { "index", "sa", "sb", "id" } end
  for _, f in next, FIELDS do
    if mask & f[1] ~= 0 and not (pool and f[1] == SIGNALS) then
      local stmt = f[4]
      for i = 1, f[3] do
        vars[#vars + 1] = "x" .. (nvars + i)
        stmt = sgsub(stmt, "v" .. i, "x" .. (nvars + i))
      end
      nvars = nvars + f[3]
      fmt = fmt .. f[2]
      code[#code + 1] = "do " .. stmt .. " end"
    end
  end
  if pool and mask & SIGNALS ~= 0 then
    local more, assign = shape_code(pool, vars, nvars)
    fmt = fmt .. more
    for _, line in next, assign do code[#code + 1] = line end
  end
  local src = "local sunpack, tointeger, read_signals = ...\n" ..
    "return function(s, p, c, P, t1, t2, t3, t4)\n" ..
    "  local sig, g1, g2, g3, g4 = false\n" ..
    "  local " .. concat(vars, ", ") .. "\n" ..
    "  " .. concat(vars, ", ") .. ", p = sunpack('" .. fmt .. "', s, p)\n" ..
    "  c.id = id\n  " .. concat(code, "\n  ") .. "\n" ..
    "  if sig then p = read_signals(s, p, P, g1, g2, g3, g4); c.signals = P.sig_ro end\n" ..
    (head and "  return p, index, sa, sb\nend" or "  return p\nend")
  local fn = load_text(src, "=entity_decoder", "t")(sunpack, tointeger, read_signals)
  if shape then
    -- Key sets are few; the cache starts over if a game makes many.
    if nshaped >= 256 then shaped, nshaped = {}, 0 end
    shaped[shape], nshaped = fn, nshaped + 1
  else
    decoders[head][mask] = fn
  end
  return fn
end

-- A new layout gets a new context table (see new_pool).
local function switch_mask(pool, mask)
  local c = {}
  pool.ctx, pool.mask = c, mask
  set_view_store(pool.ctx_ro, c)
end

local function read_entity(s, p, pool, mask)
  if pool.mask ~= mask then switch_mask(pool, mask) end
  return (decoders[false][mask] or decoder(mask, false))(s, p, pool.ctx, pool)
end

local SIDE_NAMES = { "top", "bottom", "left", "right" }
local function fill_sides(t, mask)
  for i = #t, 1, -1 do t[i] = nil end
  local n = 0
  for bit = 0, 3 do
    if mask & (1 << bit) ~= 0 then
      n = n + 1
      t[n] = SIDE_NAMES[bit + 1]
    end
  end
end

local function missing(name)
  local h = rt.callback_hint(name)
  error("callback '" .. name .. "' is not a function" .. (h ~= "" and "; " .. h or ""), 0)
end

-- After a callback that made builders (rt.made, counted by the bindings): when it built fewer ids
-- (build and ecs.createEntity take one each from rt.next_id) than it made builders, one was left
-- unbuilt. A template built several times can hide another, but no builder is ever blamed
-- wrongly, and build() pays nothing for it. The hint line is for the engine, which words it with
-- the callback's source (unless the callback failed, which says enough). The log cap is not
-- checked: one line over it is harmless.
local HINT_LEVEL, HINT_UNBUILT = const(proto.hint, "level"), proto.hint.unbuilt_builder
local function unbuilt(failed)
  local made = rt.made
  rt.made = 0
  if made + prov > 0 and not failed then
    nlogs = nlogs + 1
    logs[nlogs] = spack("<Bs4", HINT_LEVEL, HINT_UNBUILT)
  end
end

local function chunk_text(...)
  local n = select("#", ...)
  if n == 0 then return nil end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return concat(parts, "\t")
end

-- tostring may run game __tostring code: convert under the chunk's protection.
local function run_chunk(chunk) return chunk_text(chunk()) end

-- The protected call of one callback: f's first result, or the error text and true.
local function protected(fn, name, ...)
  if fn == nil then return call(H, missing, name) end
  return call(H, fn, ...)
end
local snap_id, input_id = 0, 0

-- Table of contents: one 64-bit word per callback, index << 34 | command
-- bytes << 2 | status, packed at the end of the batch a chunk at a time
-- instead of one string.pack per callback (~0.9 us each in this build).
-- Status OK (0): succeeded with nothing but commands; OK_WITH_EXTRAS:
-- succeeded with a return text or logs; FAILED: failed. The layout is the
-- contract with decodeResults in batch_codec.ts.
local toc, nt, TOC_CHUNK, toc_formats = {}, 0, 256, {}
local srep = string.rep
local function toc_format(k)
  local f = toc_formats[k]
  if not f then f = "<" .. srep("i8", k); toc_formats[k] = f end
  return f
end

-- Book a finished callback: its table-of-contents entry, its extras, and on
-- failure the removal of the commands it queued (everything after hf, hv).
local function finish(index, failed, r, hf, hv)
  nt = nt + 1
  if not failed and r == nil and nlogs == 0 then
    local b = COMMAND_CAP - room
    toc[nt] = index << 34 | b << 2
    pending = pending + b
    if nv > FLUSH_AT or pending > STREAM_AT then flush() end
    return
  end
  if not failed and type(r) == "string" and #r > text_room then
    failed, r = true, "returned text exceeds " .. megabytes(TEXT_CAP) .. " of text output in one callback"
  end
  local logged = nlogs > 0 and concat(logs, "", 1, nlogs) or ""
  if not failed then
    if type(r) ~= "string" then r = nil end
    add_extra(spack("<s4s4", r or "", logged))
    local b = COMMAND_CAP - room
    toc[nt] = index << 34 | b << 2 | OK_WITH_EXTRAS
    pending = pending + b
  else
    -- Drop its queued values (they may be large strings).
    for k = hv + 1, nv do cv[k] = nil end
    nf, nv = hf, hv
    -- A callback that hit the memory cap leaves its garbage behind; free it
    -- before this bookkeeping allocates, or the next allocation fails too.
    -- Other failures leave nothing that needs a full collection.
    if memory_hit() then collectgarbage("collect") end
    add_extra(spack("<s4s4", type(r) == "string" and r or "error", logged))
    toc[nt] = index << 34 | FAILED
  end
  for k = 1, nlogs do logs[k] = nil end
  nlogs = 0
  if nv > FLUSH_AT or pending > STREAM_AT then flush() end
end

-- A run of entity callbacks (phase enter/update/exit, timers) with one
-- function, one context layout and one signal key set: the function is looked
-- up, the context table chosen and the signal keys read once per run; per
-- callback one string.unpack reads the index, the seed, every fixed context
-- field and the signal values. A key set too large for one unpack (first
-- count FULL) leaves each context to carry its own keys; a larger one would
-- need more locals than a decoder may have.
local FULL, MAX_RUN_KEYS = const(proto, "full_keys"), const(proto, "max_run_keys")
local counts = {}
local function run_entities(s, p, kind, name, mask, count, dt)
  local P = entity_pool
  if P.mask ~= mask then switch_mask(P, mask) end
  local decode
  if mask & SIGNALS ~= 0 then
    counts[1], counts[2], counts[3], counts[4], p = sunpack("<I4I4I4I4", s, p)
    if counts[1] ~= FULL then
      if counts[1] + counts[2] + counts[3] + counts[4] > MAX_RUN_KEYS then
        error("malformed batch request: more than " .. MAX_RUN_KEYS .. " signal keys in a run header", 0)
      end
      local key
      p, key = read_shape(s, p, P, counts)
      key = mask .. "\2" .. key
      decode = shaped[key] or decoder(mask, true, P, key)
    end
  end
  decode = decode or decoders[true][mask] or decoder(mask, true)
  local c, ro, subs = P.ctx, P.ctx_ro, P.subs
  local t1, t2, t3, t4 = subs[1].t, subs[2].t, subs[3].t, subs[4].t
  local fn = G[name]
  local timer = kind == TIMER
  local R = rt -- one register read per callback for the builder count below
  if type(fn) ~= "function" then fn = nil end
  for _ = 1, count do
    local index
    p, index, seed_a, seed_b = decode(s, p, c, P, t1, t2, t3, t4)
    seeded, rt.local_assets, room, text_room, prov = false, nil, COMMAND_CAP, TEXT_CAP, 0
    local hf, hv = nf, nv
    local r, failed
    if fn == nil then r, failed = call(H, missing, name)
    elseif timer then r, failed = call(H, fn, ro, input)
    else r, failed = call(H, fn, ro, input, dt) end
    if R.made ~= 0 then unbuilt(failed) end
    finish(index, failed, r, hf, hv)
  end
  return p
end

-- A run of other callbacks (scene update, menus, CVar handlers, collisions,
-- plain calls, chunks). Each request is decoded here, outside the callback's
-- protected call and hook (the runner's own bounded code runs unhooked; a
-- malformed request is an engine bug and fails the whole batch); only the
-- game function runs protected and hooked.
local function run_others(s, p, kind, name, count, dt)
  local fn = G[name]
  if type(fn) ~= "function" then fn = nil end
  local R = rt -- one register read per callback for the builder count below
  -- The kind is the run's: compared here once, as the per-callback tests below
  -- would otherwise each load an upvalue.
  local is_collision, is_scene, is_menu = kind == COLLISION, kind == SCENE_UPDATE, kind == MENU
  local is_cvar, is_call, is_chunk = kind == CVAR, kind == CALL, kind == CHUNK
  for _ = 1, count do
    local index
    index, seed_a, seed_b, p = sunpack("<I4I4I4", s, p)
    seeded, rt.local_assets, room, text_room, prov = false, nil, COMMAND_CAP, TEXT_CAP, 0
    local hf, hv = nf, nv
    local r, failed
    if is_collision then
      local ma, mb, sa, sb
      ma, p = sunpack("<I4", s, p)
      p = read_entity(s, p, pool_a, ma)
      mb, p = sunpack("<I4", s, p)
      p = read_entity(s, p, pool_b, mb)
      sa, sb, p = sunpack("BB", s, p)
      fill_sides(sides_a, sa)
      fill_sides(sides_b, sb)
      r, failed = protected(fn, name, coll_ro)
    elseif is_scene then
      r, failed = protected(fn, name, input, dt)
    elseif is_menu then
      local id, item, at
      id, item, at, p = sunpack("<ds4d", s, p)
      menu_ctx.menu_id, menu_ctx.item_id = tointeger(id) or id, item
      menu_ctx.item_index = tointeger(at) or at
      r, failed = protected(fn, name, menu_ro)
    elseif is_cvar then
      local a, b, c
      a, b, c, p = sunpack("<s4s4s4", s, p)
      r, failed = protected(fn, name, a, b, c)
    elseif is_call then
      local n
      n, p = sunpack("<I4", s, p)
      local args = {}
      for i = 1, n do args[i], p = read_value(s, p) end
      r, failed = protected(fn, name, tunpack(args, 1, n))
    elseif is_chunk then
      local src, chunk, err
      src, p = sunpack("<s4", s, p)
      chunk, err = load_text(src, "=" .. name, "t", G)
      -- A syntax error is reported as a runtime one is (through the message handler).
      if chunk then r, failed = call(H, run_chunk, chunk)
      else r, failed = call(H, error, err, 0) end
    else
      error("malformed batch request: unknown callback kind " .. tostring(kind), 0)
    end
    if R.made ~= 0 then unbuilt(failed) end
    finish(index, failed, r, hf, hv)
  end
  return p
end

-- A batch that expects tables this state does not hold runs nothing: the
-- reply says so in place of results (a callback count of REFUSED), and the
-- engine sends the batch again with the tables.
local REFUSED = const(proto, "refused_count")
local function refused(why) return spack("<s4I4", why, REFUSED) end

-- Profiling (batch_profile.ts): a batch whose header has the PROFILE flag runs its callbacks with
-- counted_call, times each run with prof_begin / prof_end (a clock read costs a call out of wasm:
-- per run, not per callback), and sums the runs of each function and kind into one cost record
-- appended to the reply, unless the KEEP flag says to keep them for a later profiled batch (one
-- collision per batch: they then need not each carry a record). An unprofiled batch does none of
-- this. A profiled one allocates only its records' string: garbage made per batch would bring the
-- collector's work (a traversal of the whole state per cycle) into every small batch.
local PROFILE, PROFILED = const(proto, "profile_flag"), const(proto, "profiled_mark")
local KEEP = const(proto, "keep_costs_flag")
local prof_begin, prof_end = priv.prof_begin, priv.prof_end
-- records[kind][name] = { kind, name, calls, ms, instructions, commands, errors }, kept across
-- batches and zeroed once sent; touched lists the ones this batch booked, in order.
local records, touched, ntouched = {}, {}, 0
local function book_run(kind, name, count, commands_before)
  local ms, ins, errs = prof_end()
  local by_name = records[kind]
  if not by_name then by_name = {}; records[kind] = by_name end
  local c = by_name[name]
  if not c then c = { kind, name, 0, 0, 0, 0, 0 }; by_name[name] = c end
  if c[3] == 0 then ntouched = ntouched + 1; touched[ntouched] = c end
  c[3], c[4], c[5] = c[3] + count, c[4] + ms, c[5] + ins
  c[6], c[7] = c[6] + packed + nf - commands_before, c[7] + errs
end
-- Forget what the touched records hold (once sent).
local function clear_records()
  for i = 1, ntouched do
    local c = touched[i]
    c[3], c[4], c[5], c[6], c[7] = 0, 0, 0, 0, 0
    touched[i] = nil
  end
  ntouched = 0
end
-- One record is 33 bytes and its name; one string.pack takes them all and the trailer.
local RECORD, RECORD_BYTES = "Bs4I4ddI4I4", 33
local record_formats = setmetatable({}, { __index = function(t, n)
  local f = "<" .. srep(RECORD, n) .. "I4I4"; t[n] = f; return f
end })
local record_values = {}
local function cost_records()
  local v, j, bytes = record_values, 0, 0
  for i = 1, ntouched do
    local c = touched[i]
    v[j + 1], v[j + 2], v[j + 3], v[j + 4], v[j + 5], v[j + 6], v[j + 7] =
      c[1], c[2], c[3], c[4], c[5], c[6], c[7]
    j = j + 7
    bytes = bytes + RECORD_BYTES + #c[2]
  end
  v[j + 1], v[j + 2] = bytes, PROFILED
  local block = spack(record_formats[ntouched], tunpack(v, 1, j + 2))
  clear_records()
  return block
end

local unhook = priv.unhook
local function batch(s)
  -- The runner's own code is bounded: run it without the count hook's
  -- per-instruction cost; priv.call hooks each callback (see vm.ts).
  unhook()
  local p, frame, dt, flags, sid, iid, n = 1
  frame, dt, flags, sid, iid, p = sunpack("<I4dBI4I4", s, p)
  if flags & 1 ~= 0 then
    local snap
    snap, p = read_value(s, p)
    rt.snap = readonly(snap, "snapshot")
    snap_id = sid
  elseif sid ~= 0 and sid ~= snap_id then
    return refused("stale snapshot: state holds " .. snap_id .. ", batch expects " .. sid)
  end
  if flags & 2 ~= 0 then
    local inp
    inp, p = read_value(s, p)
    input = readonly(inp, "input")
    input_id = iid
  elseif iid ~= 0 and iid ~= input_id then
    return refused("stale input: state holds " .. input_id .. ", batch expects " .. iid)
  end
  n, p = sunpack("<I4", s, p)
  if not sink_live then
    sink_live = true
    for k, f in next, sink do rt[k] = f end
  end
  -- Builders the top level or a plain run made are nobody's.
  rt.made = 0
  local profiled = flags & PROFILE ~= 0
  call = profiled and counted_call or pcall_cb
  rt.frame = frame
  -- Commands issued outside any batch (top-level game code, plain runs) belong
  -- to no callback: drop them rather than blame the first callback (hw takes
  -- their count so that the batch's end clears their values).
  nres, nextra, nf, nv, nt, hw = 0, 0, 0, 0, 0, nv
  pending, held, held_x, streamed_x, packed = 0, 0, 0, false, 0
  for k = 1, nlogs do logs[k] = nil end
  nlogs = 0
  -- Callbacks come in runs of one kind and function (and context layout).
  local done = 0
  while done < n do
    local kind, name, mask, count
    kind, name, mask, count, p = sunpack("<Bs4I4I4", s, p)
    if count == 0 or done + count > n then
      error("malformed batch request: run of " .. count .. " callbacks after " .. done .. " of " .. n, 0)
    end
    local before = profiled and packed + nf
    if profiled then prof_begin() end
    -- Entity kinds are PHASE_ENTER..TIMER, as isEntityKind in batch_codec.ts has it.
    if kind >= PHASE_ENTER and kind <= TIMER then p = run_entities(s, p, kind, name, mask, count, dt)
    else p = run_others(s, p, kind, name, count, dt) end
    if profiled then book_run(kind, name, count, before) end
    done = done + count
  end
  flush()
  if streamed_x then
    -- Extras went to section 1: the commands still held must go before them.
    if nres > 0 then out(0, concat(results, "", 1, nres)) end
    for k = 1, nres do results[k] = nil end
    nres = 0
  end
  for k = 1, nextra do
    nres = nres + 1
    results[nres] = extras[k]
  end
  for c = 0, n - 1, TOC_CHUNK do
    local k = n - c
    if k > TOC_CHUNK then k = TOC_CHUNK end
    nres = nres + 1
    results[nres] = spack(toc_format(k), tunpack(toc, c + 1, c + k))
  end
  nres = nres + 1
  results[nres] = spack("<I4", n)
  if profiled and flags & KEEP == 0 then
    nres = nres + 1
    results[nres] = cost_records()
  end
  local whole = concat(results, "", 1, nres)
  -- The tables are kept for the next batch (a collision batch is one
  -- callback: fresh tables were a good part of its cost), minus the strings
  -- they hold; a batch that queued many values leaves them to the collector.
  for k = 1, nres do results[k] = nil end
  for k = 1, nextra do extras[k] = nil end
  if hw > 1024 then cf, cv = {}, {}
  else for k = 1, hw do cv[k] = nil end end
  nres, nextra, hw, held, held_x, streamed_x = 0, 0, 0, 0, 0, false
  -- Commands of plain runs between batches belong to no callback: give them the whole cap.
  room, text_room = COMMAND_CAP, TEXT_CAP
  return whole
end

priv.register(proto.batch_function, batch)

-- A reload (sandbox.lua) runs the game's top level again. As at load, its lines go to the VM's log
-- and math.random starts from the load seed, so every state builds the same globals.
local load_a, load_b, frame_before = seed_a, seed_b, nil
priv.on_reload(function(opening)
  if opening then
    frame_before, rt.frame = rt.frame, nil
    seed_a, seed_b, seeded = load_a, load_b, false
  else
    rt.frame = frame_before
  end
end)
-- Everything above is the engine's: the game's globals are what its top level adds.
priv.mark_baseline()
