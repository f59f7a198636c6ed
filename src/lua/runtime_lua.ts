/**
 * The engine's privileged Lua runtime: decodes batch requests into pooled
 * context tables, runs each callback under its own instruction budget and
 * random seed, and returns each callback's commands (or its error) as one
 * binary string. The TypeScript half is `batch_codec.ts`.
 *
 * Why it is shaped the way it is (measured in this wasm build, where a C
 * library call costs 0.2-1 us and a table allocation ~0.3 us): one protected
 * call per callback (`priv.call`, which also resets the budget), decoding
 * inside it; one `string.unpack` per entity context through a decoder
 * generated per field mask; pooled tables cleared by the keys they were
 * given instead of `next` loops; `math.randomseed` only when the callback
 * touches `math.random`; commands appended straight into the batch output.
 *
 * @module
 */
import { TAGGED_VALUE_LUA } from "./tagged_value.ts";

/** What the runtime needs from the API layer. */
export interface RuntimeLuaOptions {
  /**
   * Source of the API chunk: receives `rt` as `...` and either assigns its
   * modules into `rt.G` or returns a table of them (`{ engine = ..., cvar = ... }`).
   */
  apiSource: string;
}

/** Name under which the batch entry point is registered for `callBinary`. */
export const BATCH_FUNCTION = "__mg_batch";

/**
 * Build the runtime chunk's source. It expects the VM's `priv` object as its
 * first vararg (`call`, `traceback`, `register`, `load`, `G`).
 *
 * @example
 * ```ts
 * import { runtimeLuaSource } from "./runtime_lua.ts";
 * const src = runtimeLuaSource({
 *   apiSource: "local rt = ...; rt.G.engine = {}",
 * });
 * ```
 */
export function runtimeLuaSource(options: RuntimeLuaOptions): string {
  return `
local priv = ...
local G = priv.G
local pcall_cb, load_text = priv.call, priv.load
local spack, sunpack, concat = string.pack, string.unpack, table.concat
local tointeger, randomseed, random = math.tointeger, math.randomseed, math.random
local type, tostring, next, select, setmetatable, rawset = type, tostring, next, select, setmetatable, rawset
local error, collectgarbage, sfind = error, collectgarbage, string.find
${TAGGED_VALUE_LUA}

local EMPTY = setmetatable({}, { __newindex = function() error("snapshot is read-only", 2) end })
local rt = {
  G = G,
  snap = { scalars = EMPTY, integers = EMPTY, strings = EMPTY, flags = EMPTY, entities = EMPTY,
           groups = EMPTY, assets = {}, cvars = EMPTY, input = EMPTY },
  local_assets = nil,
  -- Lets the bindings freeze data they build lazily after the globals were frozen.
  freeze = priv.freeze,
}

-- Batch output: per callback its commands, then a trailer; a table of
-- contents follows them (see toc below). Commands go straight in; a failed
-- callback's are cut off again.
local results, nres, nbytes, prov = {}, 0, 0, 0
function rt.emit(bytes)
  nres = nres + 1
  results[nres] = bytes
  nbytes = nbytes + #bytes
end
function rt.next_id() prov = prov - 1; return prov end
-- Log lines are kept even when the callback fails: they explain the failure.
local logs, nlogs = {}, 0
local LEVELS = { debug = 0, info = 1, warn = 2, error = 3 }
function rt.log(level, msg)
  nlogs = nlogs + 1
  logs[nlogs] = spack("<Bs4", LEVELS[level] or 1, tostring(msg))
end

G.print = function(...)
  local n, parts = select("#", ...), {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  rt.log("info", concat(parts, "\\t"))
end

-- Seeding costs a C call per callback; most callbacks never draw a number, so
-- the callback's seed is applied on the first draw (or replaced by the game's own).
local seed_a, seed_b, seeded = 0, 0, true
G.math.random = function(...)
  if not seeded then seeded = true; randomseed(seed_a, seed_b) end
  return random(...)
end
G.math.randomseed = function(...)
  seeded = true
  return randomseed(...)
end

do
  local api = function(...)
${options.apiSource}
  end
  local modules = api(rt)
  if type(modules) == "table" then
    for k, v in next, modules do G[k] = v end
  end
end

-- Read-only view of a decoded table; nested tables are wrapped too.
local function readonly(t)
  for k, v in next, t do
    if type(v) == "table" then t[k] = readonly(v) end
  end
  return setmetatable({}, {
    __index = t,
    __newindex = function() error("input is read-only", 2) end,
    __pairs = function() return next, t, nil end,
    __len = function() return #t end,
    __metatable = false,
  })
end

local input = readonly({ digital = {}, analog = {}, mouse = {} })

-- Pooled tables (seed 001) are refilled before every callback with absent
-- fields set to nil. A key a script adds (found by __newindex, which fires for
-- absent keys only) marks the pool dirty; only then is it swept with next.
local dirty, filling = false, false
local function track(t, k, v)
  if not filling then dirty = true end
  rawset(t, k, v)
end
local TRACKED = { __newindex = track, __metatable = false }
local function pooled() return setmetatable({}, TRACKED) end

local function new_signals()
  return { t = pooled(), seen = {}, prev = {}, cur = {}, n = 0 }
end
local function new_pool()
  return { pos = {}, screen_pos = {}, vel = {}, scale = {}, rect = {}, timer = {}, sprite = {},
    animation = {}, sig = pooled(), mask = 0,
    subs = { new_signals(), new_signals(), new_signals(), new_signals() } }
end
local CTX_KEYS = { id = true, group = true, pos = true, screen_pos = true, vel = true, speed_sq = true,
  frozen = true, rotation = true, scale = true, rect = true, phase = true, time_in_phase = true,
  previous_phase = true, timer = true, signals = true, sprite = true, animation = true }
local SIG_KEYS = { scalars = true, integers = true, strings = true, flags = true }
local entity_ctx, entity_pool = pooled(), new_pool()
local coll_a, coll_b, pool_a, pool_b = pooled(), pooled(), new_pool(), new_pool()
local sides_a, sides_b = {}, {}
local coll_ctx = { a = coll_a, b = coll_b, sides = { a = sides_a, b = sides_b } }
local menu_ctx = {}
local ALL_POOLS = { { entity_ctx, entity_pool }, { coll_a, pool_a }, { coll_b, pool_b } }

-- Remove every key a script added to a pooled table (rare: only when dirty).
local function sweep()
  for _, cp in next, ALL_POOLS do
    local c, pool = cp[1], cp[2]
    for k in next, c do if not CTX_KEYS[k] then c[k] = nil end end
    for k in next, pool.sig do if not SIG_KEYS[k] then pool.sig[k] = nil end end
    for j = 1, 4 do
      local sub = pool.subs[j]
      for k in next, sub.t do sub.t[k] = nil end
      for i = 1, sub.n do sub.prev[i] = nil end
      sub.seen, sub.n = {}, 0
    end
  end
  dirty = false
end

-- Entity signals: four counts, then (key, value) entries of each table in
-- order. Set-then-prune: keys present last time are assigned in place (no
-- __newindex), then the keys of last time that were not given again are removed.
local stamp = 0
local function fill_signals(sub, s, p, n, j)
  local t, seen, cur = sub.t, sub.seen, sub.cur
  for i = 1, n do
    local k, v
    if j == 4 then k, p = sunpack("<s4", s, p); v = true
    elseif j == 3 then k, v, p = sunpack("<s4s4", s, p)
    else
      k, v, p = sunpack("<s4d", s, p)
      if j == 2 then v = tointeger(v) or v end
    end
    t[k] = v
    cur[i] = k
    seen[k] = stamp
  end
  local prev = sub.prev
  for i = 1, sub.n do
    local k = prev[i]
    if seen[k] ~= stamp then t[k] = nil; seen[k] = nil end
    prev[i] = nil
  end
  sub.prev, sub.cur, sub.n = cur, prev, n
  return p
end
local function read_signals(s, p, pool, c1, c2, c3, c4)
  stamp = stamp + 1
  local subs, sig = pool.subs, pool.sig
  local s1, s2, s3, s4 = subs[1], subs[2], subs[3], subs[4]
  if c1 > 0 or s1.n > 0 then p = fill_signals(s1, s, p, c1, 1) end
  if c2 > 0 or s2.n > 0 then p = fill_signals(s2, s, p, c2, 2) end
  if c3 > 0 or s3.n > 0 then p = fill_signals(s3, s, p, c3, 3) end
  if c4 > 0 or s4.n > 0 then p = fill_signals(s4, s, p, c4, 4) end
  -- A script may have replaced a sub-table: put the pooled ones back.
  sig.scalars, sig.integers, sig.strings, sig.flags = s1.t, s2.t, s3.t, s4.t
  return p
end

-- A decoder per field mask: one string.unpack for every fixed field. The
-- layout (bit order) is the contract with writeEntity in batch_codec.ts.
-- Fields absent now but present last time are cleared by key (assigning nil
-- to an absent key would run __newindex).
local FIELDS = {
  { 1, "s4", 1, "c.group = v1", { "group" } },
  { 2, "dd", 2, "local t = P.pos; t.x, t.y = v1, v2; c.pos = t", { "pos" } },
  { 4, "dd", 2, "local t = P.screen_pos; t.x, t.y = v1, v2; c.screen_pos = t", { "screen_pos" } },
  { 8, "dd", 2, "local t = P.vel; t.x, t.y = v1, v2; c.vel = t; c.speed_sq = v1 * v1 + v2 * v2",
    { "vel", "speed_sq" } },
  { 16, "B", 1, "c.frozen = v1 == 1", { "frozen" } },
  { 32, "d", 1, "c.rotation = v1", { "rotation" } },
  { 64, "dd", 2, "local t = P.scale; t.x, t.y = v1, v2; c.scale = t", { "scale" } },
  { 128, "dddd", 4, "local t = P.rect; t.x, t.y, t.w, t.h = v1, v2, v3, v4; c.rect = t", { "rect" } },
  { 256, "s4d", 2, "c.phase, c.time_in_phase = v1, v2", { "phase", "time_in_phase" } },
  { 512, "s4", 1, "c.previous_phase = v1", { "previous_phase" } },
  { 1024, "dds4", 3, "local t = P.timer; t.duration, t.elapsed, t.callback = v1, v2, v3; c.timer = t",
    { "timer" } },
  { 2048, "I4I4I4I4", 4, "sig = true; g1, g2, g3, g4 = v1, v2, v3, v4", { "signals" } },
  { 4096, "s4BB", 3, "local t = P.sprite; t.tex_key, t.flip_h, t.flip_v = v1, v2 == 1, v3 == 1; c.sprite = t",
    { "sprite" } },
  { 8192, "s4dd", 3,
    "local t = P.animation; t.key, t.frame_index, t.elapsed = v1, tointeger(v2) or v2, v3; c.animation = t",
    { "animation" } },
}
local ALL_FIELDS = 16383
local sgsub = string.gsub
local decoders = {}
local function decoder(mask)
  if mask & ~ALL_FIELDS ~= 0 then error("unknown context fields " .. mask, 0) end
  local fmt, vars, code, nv = "<i8", { "id" }, {}, 0
  for _, f in next, FIELDS do
    if mask & f[1] ~= 0 then
      local stmt = f[4]
      for i = 1, f[3] do
        vars[#vars + 1] = "x" .. (nv + i)
        stmt = sgsub(stmt, "v" .. i, "x" .. (nv + i))
      end
      nv = nv + f[3]
      fmt = fmt .. f[2]
      code[#code + 1] = "do " .. stmt .. " end"
    end
  end
  local src = "local sunpack, tointeger, read_signals = ...\\n" ..
    "return function(s, p, c, P)\\n" ..
    "  local sig, g1, g2, g3, g4 = false\\n" ..
    "  local " .. concat(vars, ", ") .. "\\n" ..
    "  " .. concat(vars, ", ") .. ", p = sunpack('" .. fmt .. "', s, p)\\n" ..
    "  c.id = id\\n  " .. concat(code, "\\n  ") .. "\\n" ..
    "  if sig then p = read_signals(s, p, P, g1, g2, g3, g4); c.signals = P.sig end\\n" ..
    "  return p\\nend"
  local fn = load_text(src, "=entity_decoder", "t")(sunpack, tointeger, read_signals)
  decoders[mask] = fn
  return fn
end

local function read_entity(s, p, c, pool, mask)
  filling = true
  local gone = pool.mask & ~mask
  if gone ~= 0 then
    for _, f in next, FIELDS do
      if gone & f[1] ~= 0 then
        local keys = f[5]
        for i = 1, #keys do c[keys[i]] = nil end
      end
    end
  end
  pool.mask = mask
  p = (decoders[mask] or decoder(mask))(s, p, c, pool)
  filling = false
  return p
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
  error("callback '" .. name .. "' is not a function", 0)
end

-- Decoding state shared with invoke(): whether the request was decoded (a
-- failure before that is an engine bug and aborts the batch) and where the next one starts.
local decoded, next_p = false, 1

local function text_of(r)
  if type(r) == "string" then return r end
  return nil
end

local function chunk_text(...)
  local n = select("#", ...)
  if n == 0 then return nil end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return concat(parts, "\\t")
end

-- Decode one request and run it; runs inside priv.call (one protected call).
-- Returns the callback's string result (phase transition, console text) or nil.
local function invoke(kind, name, mask, s, p, dt)
  if kind >= 2 and kind <= 5 then
    if dirty then sweep() end
    p = read_entity(s, p, entity_ctx, entity_pool, mask)
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    if kind == 5 then return text_of(fn(entity_ctx, input)) end
    return text_of(fn(entity_ctx, input, dt))
  elseif kind == 1 then
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    return text_of(fn(input, dt))
  elseif kind == 6 then
    local id
    id, menu_ctx.item_id, menu_ctx.item_index, p = sunpack("<ds4d", s, p)
    menu_ctx.menu_id = tointeger(id) or id
    menu_ctx.item_index = tointeger(menu_ctx.item_index) or menu_ctx.item_index
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    return text_of(fn(menu_ctx))
  elseif kind == 7 then
    local a, b, c
    a, b, c, p = sunpack("<s4s4s4", s, p)
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    return text_of(fn(a, b, c))
  elseif kind == 8 then
    if dirty then sweep() end
    local mb
    p = read_entity(s, p, coll_a, pool_a, mask)
    mb, p = sunpack("<I4", s, p)
    p = read_entity(s, p, coll_b, pool_b, mb)
    local ma, mbs
    ma, mbs, p = sunpack("BB", s, p)
    fill_sides(sides_a, ma)
    fill_sides(sides_b, mbs)
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    return text_of(fn(coll_ctx))
  elseif kind == 9 then
    local n
    n, p = sunpack("<I4", s, p)
    local args = {}
    for i = 1, n do args[i], p = read_value(s, p) end
    decoded, next_p = true, p
    local fn = G[name]
    if type(fn) ~= "function" then missing(name) end
    return text_of(fn(table.unpack(args, 1, n)))
  elseif kind == 10 then
    local src
    src, p = sunpack("<s4", s, p)
    decoded, next_p = true, p
    local fn, err = load_text(src, "=" .. name, "t", G)
    if not fn then error(err, 0) end
    -- tostring may run game __tostring code: convert under the same protection.
    return chunk_text(fn())
  end
  error("unknown callback kind " .. tostring(kind), 0)
end

local NO_TRAILER = spack("<s4s4", "", "")
local snap_id, input_id = 0, 0

-- Table of contents: (index, status, command bytes) per callback, packed at
-- the end of the batch a chunk at a time instead of one string.pack per
-- callback (~0.9 us each in this build). The layout is the contract with
-- decodeResults in batch_codec.ts.
local toc, TOC_CHUNK, toc_formats = {}, 256, {}
local tunpack, srep = table.unpack, string.rep
local function toc_format(k)
  local f = toc_formats[k]
  if not f then f = "<" .. srep("I4BI4", k); toc_formats[k] = f end
  return f
end

local function batch(s)
  local p, frame, dt, flags, sid, iid, n = 1
  frame, dt, flags, sid, iid, p = sunpack("<I4dBI4I4", s, p)
  if flags & 1 ~= 0 then
    local snap
    snap, p = read_value(s, p)
    rt.snap = readonly(snap)
    snap_id = sid
  elseif sid ~= 0 and sid ~= snap_id then
    error("stale snapshot: state holds " .. snap_id .. ", batch expects " .. sid, 0)
  end
  if flags & 2 ~= 0 then
    local inp
    inp, p = read_value(s, p)
    input = readonly(inp)
    input_id = iid
  elseif iid ~= 0 and iid ~= input_id then
    error("stale input: state holds " .. input_id .. ", batch expects " .. iid, 0)
  end
  n, p = sunpack("<I4", s, p)
  rt.frame = frame
  -- Commands issued outside any batch (top-level game code, plain runs) belong
  -- to no callback: drop them rather than blame the first callback.
  results, nres = {}, 0
  for k = 1, nlogs do logs[k] = nil end
  nlogs = 0
  local nt = 0
  for _ = 1, n do
    local index, kind, name, mask
    index, kind, name, seed_a, seed_b, mask, p = sunpack("<I4Bs4I4I4I4", s, p)
    seeded, rt.local_assets = false, nil
    local head = nres
    nbytes, prov, decoded = 0, 0, false
    local ok, r = pcall_cb(invoke, kind, name, mask, s, p, dt)
    filling = false
    if not decoded then
      error("malformed batch request: " .. tostring(r), 0)
    end
    p = next_p
    local logged = nlogs > 0 and concat(logs, "", 1, nlogs) or ""
    if ok then
      nres = nres + 1
      if r == nil and nlogs == 0 then results[nres] = NO_TRAILER
      else results[nres] = spack("<s4s4", r or "", logged) end
      toc[nt + 1], toc[nt + 2], toc[nt + 3] = index, 0, nbytes
    else
      for k = head + 1, nres do results[k] = nil end
      -- A callback that hit the memory cap leaves its garbage behind; free it
      -- before this bookkeeping allocates, or the next allocation fails too.
      -- Other failures leave nothing that needs a full collection.
      if type(r) == "string" and (sfind(r, "memory limit exceeded", 1, true)
          or sfind(r, "not enough memory", 1, true)) then
        collectgarbage("collect")
      end
      nres = head + 1
      results[nres] = spack("<s4s4s4", type(r) == "string" and r or "error", "", logged)
      toc[nt + 1], toc[nt + 2], toc[nt + 3] = index, 1, 0
    end
    nt = nt + 3
    for k = 1, nlogs do logs[k] = nil end
    nlogs = 0
  end
  for c = 0, n - 1, TOC_CHUNK do
    local k = n - c
    if k > TOC_CHUNK then k = TOC_CHUNK end
    nres = nres + 1
    results[nres] = spack(toc_format(k), tunpack(toc, c * 3 + 1, (c + k) * 3))
  end
  nres = nres + 1
  results[nres] = spack("<I4", n)
  local whole = concat(results, "", 1, nres)
  results, nres = {}, 0
  return whole
end

priv.register("${BATCH_FUNCTION}", batch)
`;
}
