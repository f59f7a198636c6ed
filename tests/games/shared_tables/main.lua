-- Writers try to leave something behind in the tables a callback is given
-- (the input, the context and its nested tables), reaching them through
-- pairs, next and rawset, and then fail; readers record what they see. If
-- anything got through, what a reader sees would depend on which callbacks
-- ran before it in its Lua state, that is on the number of workers.
local function via_pairs(t) local _, state = pairs(t); return state end
local FAKE = { pressed = true, just_pressed = true, just_released = false }

local WRITES = {
  function(_, input) via_pairs(input.digital).action_1 = FAKE end,
  function(_, input) rawset(input.digital, "action_2", FAKE) end,
  function(_, input) rawset(via_pairs(input.mouse), "x", 999) end,
  function(ctx) rawset(via_pairs(ctx.pos), "forged", 1) end,
  function(ctx) rawset(ctx, "forged", 1) end,
  function(ctx) rawset(ctx.signals.integers, "forged", 1) end,
  function(ctx) local _, t = next(ctx.signals); rawset(t, "forged", 1) end,
  function(ctx) setmetatable(ctx.vel, { __index = function() return 1 end }) end,
  function(ctx) ctx.pos.x = nil end,
}

-- One writer per kind of write, then 40 readers: with one worker every reader
-- runs after the writers in the same Lua state, with three only some do.
function on_switch_scene()
  for i = 1, #WRITES + 40 do
    local b = engine.spawn():with_position(i, 0):with_velocity(1, 0)
    if i <= #WRITES then
      b:with_signal_integer("write", i):with_phase({ initial = "w", callbacks = { w = "writer" } })
    else
      b:with_signal_string("seen", ""):with_phase({ initial = "r", callbacks = { r = "reader" } })
    end
    b:build()
  end
end

function writer(ctx, input)
  WRITES[ctx.signals.integers.write](ctx, input)
  error("writer " .. ctx.id .. " fails after writing")
end

function reader(ctx, input)
  local seen = {}
  local d = input.digital
  if d.action_1.pressed then seen[#seen + 1] = "action_1" end
  if d.action_2.pressed then seen[#seen + 1] = "action_2" end
  if input.mouse.x ~= 0 then seen[#seen + 1] = "mouse" end
  if ctx.forged then seen[#seen + 1] = "ctx" end
  if ctx.pos.forged or ctx.pos.x == nil then seen[#seen + 1] = "pos" end
  if ctx.signals.integers.forged or ctx.signals.scalars.forged then seen[#seen + 1] = "signals" end
  if ctx.vel.z then seen[#seen + 1] = "vel" end
  engine.entity_signal_set_string(ctx.id, "seen", table.concat(seen, ","))
end
