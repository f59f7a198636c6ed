-- The native reference: the least work a plain Lua 5.4 program needs to run
-- the bench worlds. The world lives in Lua arrays (position, velocity and
-- integer signals per entity); each callback gets one pooled context table,
-- refilled per entity, and the global `engine` table only appends commands
-- to one pooled flat buffer, applied to the arrays after the callbacks (after
-- each callback for collisions); then positions move by velocity * dt. No
-- sandbox, no instruction budget, no argument checks, no seeded
-- math.random, no encoding: what remains is the game's own work.
--
-- Run by Debian's lua5.4 (reference_driver.lua) and, for the wasm floor, by
-- one in-thread wasmoon state (bench/_wasm_floor.ts). Callbacks are the very
-- files the engine games load (swarm_callbacks.lua, storm_callbacks.lua).
--
--   local ref = require("reference")
--   local w = ref.swarm(2000, "go_update")
--   w.frame()
-- luacheck: globals engine ecs
local layout = require("layout")

local DT = 1 / 60
local VEL, INT, WORLD_INT = 1, 2, 3
-- World integer signals (the scored storm's score).
local world = {}

-- Commands: a flat buffer of (op, id, a, b) quadruples, reused every frame.
local buf, nbuf = {}, 0

local function set_velocity(id, x, y)
  local k = nbuf
  buf[k + 1], buf[k + 2], buf[k + 3], buf[k + 4] = VEL, id, x, y
  nbuf = k + 4
end

local function set_integer(id, key, value)
  local k = nbuf
  buf[k + 1], buf[k + 2], buf[k + 3], buf[k + 4] = INT, id, key, value
  nbuf = k + 4
end

-- ecs.getComponent's least work: one pooled table per component, filled from
-- the running world's arrays (the storm sets them).
local velocity, world_vx, world_vy = { x = 0, y = 0 }, {}, {}
local function get_component(id, name)
  if name ~= "Velocity" then return nil end
  velocity.x, velocity.y = world_vx[id], world_vy[id]
  return velocity
end

local function set_world_integer(key, value)
  local k = nbuf
  buf[k + 1], buf[k + 2], buf[k + 3] = WORLD_INT, key, value
  nbuf = k + 4
end

engine = {
  get_integer = function(key) return world[key] end,
  collision_set_integer = set_world_integer,
  entity_set_velocity = set_velocity,
  entity_signal_set_integer = set_integer,
  collision_entity_set_velocity = set_velocity,
  collision_entity_signal_set_integer = set_integer,
}
ecs = { getComponent = get_component }

require("swarm_callbacks")
require("storm_callbacks")
require("storm_components")

local function apply(vx, vy, ints)
  for k = 1, nbuf, 4 do
    local op, id = buf[k], buf[k + 1]
    if op == VEL then
      vx[id], vy[id] = buf[k + 2], buf[k + 3]
    elseif op == INT then
      ints[id][buf[k + 2]] = buf[k + 3]
    else
      world[id] = buf[k + 2]
    end
  end
  nbuf = 0
end

local function move(n, px, py, vx, vy)
  for i = 1, n do
    px[i], py[i] = px[i] + vx[i] * DT, py[i] + vy[i] * DT
  end
end

-- A pooled context side: id, pos, vel and signals, as the engine's contexts.
local function context()
  return {
    id = 0,
    pos = { x = 0, y = 0 },
    vel = { x = 0, y = 0 },
    signals = { scalars = {}, integers = {}, strings = {}, flags = {} },
  }
end

local function fill(c, i, px, py, vx, vy, ints)
  c.id = i
  local p, v, dst = c.pos, c.vel, c.signals.integers
  p.x, p.y, v.x, v.y = px[i], py[i], vx[i], vy[i]
  for key, value in next, ints[i] do dst[key] = value end
end

local ref = {}

-- The storm's rule callback by mode.
local STORM_CALLBACKS = { rule = "hit", scored = "hit_scored", components = "hit_components" }

--- The swarm world: n entities running the global callback `callback` (or
--- none: "none") each frame. Returns { frame = fn(), checksum = fn() -> sum
--- of the count signals }.
function ref.swarm(n, callback)
  local fn = callback ~= "none" and _G[callback] or nil
  if callback ~= "none" then assert(type(fn) == "function", callback) end
  local px, py, vx, vy, ints = {}, {}, {}, {}, {}
  for i = 1, n do
    px[i], py[i] = layout.swarm(i)
    vx[i], vy[i], ints[i] = 0, 0, { count = 0 }
  end
  local ctx, input = context(), { digital = {}, analog = {}, mouse = { x = 0, y = 0 } }
  local function frame()
    if fn then
      for i = 1, n do
        fill(ctx, i, px, py, vx, vy, ints)
        fn(ctx, input, DT)
      end
      apply(vx, vy, ints)
    end
    move(n, px, py, vx, vy)
  end
  local function checksum()
    local s = 0
    for i = 1, n do s = s + ints[i].count end
    return s
  end
  return { frame = frame, checksum = checksum }
end

--- The collision storm: `pairs` overlapping pairs (entity 2i - 1 in group a,
--- 2i in group b). Each frame moves everything, then with mode "rule" finds
--- the overlapping a/b pairs with a uniform grid and calls `hit` for each
--- ("scored": `hit_scored`, "components": `hit_components`), applying its
--- commands at once; "detect" finds
--- and counts the pairs but calls nothing; "none" only moves. checksum() is
--- the sum of a's hits.
function ref.storm(pairs, mode)
  local n = 2 * pairs
  local px, py, vx, vy, ints = {}, {}, {}, {}, {}
  for i = 1, pairs do
    local x, y = layout.storm(i)
    local a, b = 2 * i - 1, 2 * i
    px[a], py[a], px[b], py[b] = x, y, x + layout.OFFSET, y + layout.OFFSET
  end
  for i = 1, n do vx[i], vy[i], ints[i] = 0, 0, { hits = 0 } end
  local lo, hi = -layout.ORIGIN, layout.SIZE - layout.ORIGIN
  local CELL, ROW = 32, 65536
  local cell_ids, cell_n, used, nused = {}, {}, {}, 0
  local ctx = { a = context(), b = context() }
  local hit = assert(_G[STORM_CALLBACKS[mode] or "hit"])
  local found = 0

  local function detect(call)
    for k = 1, nused do cell_n[used[k]] = 0 end
    nused = 0
    -- Every b into each cell its box touches.
    for b = 2, n, 2 do
      local x, y = px[b], py[b]
      for cy = (y + lo) // CELL, (y + hi) // CELL do
        for cx = (x + lo) // CELL, (x + hi) // CELL do
          local key = cy * ROW + cx
          local c = cell_n[key]
          if not c or c == 0 then
            nused = nused + 1
            used[nused] = key
            if not cell_ids[key] then cell_ids[key] = {} end
            c = 0
          end
          c = c + 1
          cell_ids[key][c], cell_n[key] = b, c
        end
      end
    end
    -- Every a against the b's of its cells; a pair counts only in the cell
    -- holding the corner of the overlap, so it is met once.
    for a = 1, n, 2 do
      local x, y = px[a], py[a]
      local ax0, ay0, ax1, ay1 = x + lo, y + lo, x + hi, y + hi
      for cy = ay0 // CELL, ay1 // CELL do
        for cx = ax0 // CELL, ax1 // CELL do
          local key = cy * ROW + cx
          local c = cell_n[key]
          if c and c > 0 then
            local ids = cell_ids[key]
            for k = 1, c do
              local b = ids[k]
              local bx, by = px[b], py[b]
              local bx0, by0 = bx + lo, by + lo
              if ax0 < bx + hi and bx0 < ax1 and ay0 < by + hi and by0 < ay1
                and (ax0 > bx0 and ax0 or bx0) // CELL == cx
                and (ay0 > by0 and ay0 or by0) // CELL == cy then
                found = found + 1
                if call then
                  fill(ctx.a, a, px, py, vx, vy, ints)
                  fill(ctx.b, b, px, py, vx, vy, ints)
                  hit(ctx)
                  apply(vx, vy, ints)
                end
              end
            end
          end
        end
      end
    end
  end

  local function frame()
    move(n, px, py, vx, vy)
    world_vx, world_vy = vx, vy
    if mode ~= "none" then detect(mode ~= "detect") end
  end
  local function checksum()
    local s = 0
    for a = 1, n, 2 do s = s + ints[a].hits end
    return s
  end
  return { frame = frame, checksum = checksum, found = function() return found end }
end

return ref
