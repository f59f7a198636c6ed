/**
 * The engine's privileged Lua runtime: decodes batch requests into pooled
 * context tables, runs each callback under its own instruction budget and
 * random seed, and returns each callback's commands (or its error) as one
 * binary string. The TypeScript half is `batch_codec.ts`.
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
 * first vararg (`reset_budget`, `traceback`, `xpcall`, `register`, `G`).
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
local reset_budget, traceback, xpcall_raw = priv.reset_budget, priv.traceback, priv.xpcall
local spack, sunpack, concat = string.pack, string.unpack, table.concat
local tointeger, randomseed = math.tointeger, math.randomseed
local type, tostring, next, select, setmetatable, load = type, tostring, next, select, setmetatable, load
local collectgarbage = collectgarbage
${TAGGED_VALUE_LUA}

local EMPTY = setmetatable({}, { __newindex = function() error("snapshot is read-only", 2) end })
local rt = {
  G = G,
  snap = { scalars = EMPTY, integers = EMPTY, strings = EMPTY, flags = EMPTY, entities = EMPTY,
           groups = EMPTY, assets = {}, cvars = EMPTY, input = EMPTY },
  local_assets = {},
}

-- The current callback's commands; discarded as a unit when it fails.
local out, nout, prov = {}, 0, 0
function rt.emit(bytes) nout = nout + 1; out[nout] = bytes end
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

-- Pooled context tables (seed 001): refilled before every callback, absent
-- fields set to nil. Scripts must not keep references to them.
local function new_pool()
  return { pos = {}, screen_pos = {}, vel = {}, scale = {}, rect = {}, timer = {}, sprite = {}, animation = {} }
end
local CTX_KEYS = { id = true, group = true, pos = true, screen_pos = true, vel = true, speed_sq = true,
  frozen = true, rotation = true, scale = true, rect = true, phase = true, time_in_phase = true,
  previous_phase = true, timer = true, signals = true, sprite = true, animation = true }
local entity_ctx, entity_pool = {}, new_pool()
local coll_a, coll_b, pool_a, pool_b = {}, {}, new_pool(), new_pool()
local sides_a, sides_b = {}, {}
local coll_ctx = { a = coll_a, b = coll_b, sides = { a = sides_a, b = sides_b } }
local menu_ctx = {}

local function pair(s, p, c, key, t)
  t.x, t.y, p = sunpack("<dd", s, p)
  c[key] = t
  return p
end

local function read_entity(s, p, c, pool)
  -- Keys a script added to the pooled table must not leak into the next callback.
  for k in next, c do
    if not CTX_KEYS[k] then c[k] = nil end
  end
  local id, mask
  id, mask, p = sunpack("<dI4", s, p)
  c.id = tointeger(id) or id
  if mask & 1 ~= 0 then c.group, p = sunpack("<s4", s, p) else c.group = nil end
  if mask & 2 ~= 0 then p = pair(s, p, c, "pos", pool.pos) else c.pos = nil end
  if mask & 4 ~= 0 then p = pair(s, p, c, "screen_pos", pool.screen_pos) else c.screen_pos = nil end
  if mask & 8 ~= 0 then
    p = pair(s, p, c, "vel", pool.vel)
    c.speed_sq = c.vel.x * c.vel.x + c.vel.y * c.vel.y
  else
    c.vel, c.speed_sq = nil, nil
  end
  if mask & 16 ~= 0 then
    local f
    f, p = sunpack("B", s, p)
    c.frozen = f == 1
  else
    c.frozen = nil
  end
  if mask & 32 ~= 0 then c.rotation, p = sunpack("<d", s, p) else c.rotation = nil end
  if mask & 64 ~= 0 then p = pair(s, p, c, "scale", pool.scale) else c.scale = nil end
  if mask & 128 ~= 0 then
    local r = pool.rect
    r.x, r.y, r.w, r.h, p = sunpack("<dddd", s, p)
    c.rect = r
  else
    c.rect = nil
  end
  if mask & 256 ~= 0 then c.phase, c.time_in_phase, p = sunpack("<s4d", s, p)
  else c.phase, c.time_in_phase = nil, nil end
  if mask & 512 ~= 0 then c.previous_phase, p = sunpack("<s4", s, p) else c.previous_phase = nil end
  if mask & 1024 ~= 0 then
    local t = pool.timer
    t.duration, t.elapsed, t.callback, p = sunpack("<dds4", s, p)
    c.timer = t
  else
    c.timer = nil
  end
  if mask & 2048 ~= 0 then c.signals, p = read_value(s, p) else c.signals = nil end
  if mask & 4096 ~= 0 then
    local t, fh, fv = pool.sprite
    t.tex_key, fh, fv, p = sunpack("<s4BB", s, p)
    t.flip_h, t.flip_v = fh == 1, fv == 1
    c.sprite = t
  else
    c.sprite = nil
  end
  if mask & 8192 ~= 0 then
    local t = pool.animation
    t.key, t.frame_index, t.elapsed, p = sunpack("<s4dd", s, p)
    t.frame_index = tointeger(t.frame_index) or t.frame_index
    c.animation = t
  else
    c.animation = nil
  end
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

local function handler(e)
  if type(e) ~= "string" then e = tostring(e) end
  return traceback(e, 2)
end

local function missing(name)
  return function() error("callback '" .. name .. "' is not a function", 0) end
end

local function lookup(name)
  local fn = G[name]
  if type(fn) ~= "function" then return missing(name) end
  return fn
end

-- Decode one request; returns the function, its arguments and the new position.
local function decode(kind, name, s, p, dt)
  if kind == 1 then
    return lookup(name), p, input, dt
  elseif kind >= 2 and kind <= 5 then
    p = read_entity(s, p, entity_ctx, entity_pool)
    if kind == 5 then return lookup(name), p, entity_ctx, input end
    return lookup(name), p, entity_ctx, input, dt
  elseif kind == 6 then
    local id
    id, menu_ctx.item_id, menu_ctx.item_index, p = sunpack("<ds4d", s, p)
    menu_ctx.menu_id = tointeger(id) or id
    menu_ctx.item_index = tointeger(menu_ctx.item_index) or menu_ctx.item_index
    return lookup(name), p, menu_ctx
  elseif kind == 7 then
    local a, b, c
    a, b, c, p = sunpack("<s4s4s4", s, p)
    return lookup(name), p, a, b, c
  elseif kind == 8 then
    p = read_entity(s, p, coll_a, pool_a)
    p = read_entity(s, p, coll_b, pool_b)
    local ma, mb
    ma, mb, p = sunpack("BB", s, p)
    fill_sides(sides_a, ma)
    fill_sides(sides_b, mb)
    return lookup(name), p, coll_ctx
  elseif kind == 9 then
    local n
    n, p = sunpack("<I4", s, p)
    local args = {}
    for i = 1, n do args[i], p = read_value(s, p) end
    return lookup(name), p, table.unpack(args, 1, n)
  elseif kind == 10 then
    local src
    src, p = sunpack("<s4", s, p)
    local fn, err = load(src, "=" .. name, "t", G)
    if not fn then return function() error(err, 0) end, p end
    return fn, p
  end
  error("unknown callback kind " .. tostring(kind), 0)
end

local function result_text(kind, ok, ...)
  if kind == 10 and select("#", ...) > 0 then
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    return concat(parts, "\\t")
  end
  local r = ...
  if type(r) == "string" then return r end
  return ""
end

local function finish(index, kind, ok, ...)
  -- A callback that hit the memory cap leaves its garbage behind; free it
  -- before this bookkeeping allocates, or the next allocation fails too.
  if not ok then collectgarbage("collect") end
  local record
  local logged = concat(logs, "", 1, nlogs)
  if ok then
    local okr, text = xpcall_raw(result_text, handler, kind, ok, ...)
    record = spack("<I4Bs4s4s4", index, 0, concat(out, "", 1, nout), okr and text or "", logged)
  else
    local e = ...
    record = spack("<I4Bs4s4s4", index, 1, type(e) == "string" and e or "error", "", logged)
  end
  for i = 1, nout do out[i] = nil end
  for i = 1, nlogs do logs[i] = nil end
  nout, prov, nlogs = 0, 0, 0
  return record
end

local results = {}
local function batch(s)
  local p, frame, dt, has_snap, has_input, n = 1
  frame, dt, has_snap, p = sunpack("<I4dB", s, p)
  if has_snap == 1 then
    local snap
    snap, p = read_value(s, p)
    rt.snap = readonly(snap)
  end
  has_input, p = sunpack("B", s, p)
  if has_input == 1 then
    local inp
    inp, p = read_value(s, p)
    input = readonly(inp)
  end
  n, p = sunpack("<I4", s, p)
  -- Commands issued outside any batch (top-level game code, plain runs) belong
  -- to no callback: drop them rather than blame the first callback.
  for k = 1, nout do out[k] = nil end
  for k = 1, nlogs do logs[k] = nil end
  nout, prov, nlogs = 0, 0, 0
  for i = 1, n do
    local index, kind, name, seed_a, seed_b
    index, kind, name, seed_a, seed_b, p = sunpack("<I4Bs4I4I4", s, p)
    rt.local_assets = {}
    rt.frame = frame
    -- Decoding runs outside the game's budget; a failure here is an engine bug
    -- that would desynchronise the rest of the batch, so it aborts the batch.
    local decoded = { xpcall_raw(decode, handler, kind, name, s, p, dt) }
    if not decoded[1] then error("malformed batch request: " .. tostring(decoded[2]), 0) end
    p = decoded[3]
    randomseed(seed_a, seed_b)
    reset_budget()
    results[i] = finish(index, kind, xpcall_raw(decoded[2], handler, decoded[4], decoded[5], decoded[6]))
    reset_budget()
  end
  local whole = concat(results, "", 1, n)
  for i = 1, n do results[i] = nil end
  return whole
end

priv.register("${BATCH_FUNCTION}", batch)
`;
}
