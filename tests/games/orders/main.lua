-- Iteration order and load-time random numbers: everything here must come
-- out the same in every run and with any number of workers (engine e2e test).
local BASE = math.random(1000000)
print("top level ran")
local NAMES = {}
for i = 1, 24 do NAMES["key_" .. i] = i end

function on_setup()
  console.log("debug", "setup at debug level")
  engine.set_integer("base", BASE)
end

local function order(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  return table.concat(out, ",")
end

function on_switch_scene(scene)
  engine.set_string("names", order(NAMES))
  -- Entity ids follow the order pairs() visits the keys in.
  for name, i in pairs(NAMES) do
    local b = engine.spawn():with_group("e"):with_position(i, 0):with_lua_timer(1 / 30, "tick")
    -- Each entity gets its own set of flags and integers, so a state's pooled
    -- signal tables see different keys from one callback to the next.
    for j = 1, i % 9 do b:with_signal_flag("f" .. ((i * j) % 13)) end
    for j = 1, i % 5 do b:with_signal_integer("n" .. ((i + j) % 11), j) end
    b:with_signal_string("name", name):build()
  end
end

function tick(ctx)
  local s = ctx.signals
  engine.entity_signal_set_string(ctx.id, "order", order(s.flags) .. "|" .. order(s.integers))
end
