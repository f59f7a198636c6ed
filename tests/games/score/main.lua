-- Collision callbacks that keep world signals, as a game keeps its score: each
-- one records what it read (the score, whether the heat scalar reads as a
-- float, the sign of a zero scalar, a flag, a string's length, an integer
-- under a key that is not UTF-8 and one under a key that starts with a byte
-- order mark) and writes them anew. Some fail after
-- writing (their writes are dropped), one writes under the non-UTF-8 key in the second frame.
-- Each also spawns a spark and moves the camera.
-- Every callback must read what the ones before it left, batched or not.

local PAIRS = 40

function on_switch_scene()
  for i = 0, PAIRS - 1 do
    engine.spawn():with_group("a"):with_position(i * 100, 0):with_collider(5, 5, 0, 0)
      :with_signal_integer("i", i):build()
    engine.spawn():with_group("b"):with_position(i * 100 + 2, 0):with_collider(5, 5, 0, 0):build()
  end
  engine.spawn():with_lua_collision_rule("a", "b", "hit"):build()
  engine.set_integer("score", 0)
end

local function record(id, key, value)
  engine.collision_entity_signal_set_integer(id, key, value)
end

function hit(ctx)
  local id, i = ctx.a.id, ctx.a.signals.integers.i
  local score = engine.get_integer("score")
  local neg = engine.get_scalar("neg")
  record(id, "saw", score)
  record(id, "heat_float", math.type(engine.get_scalar("heat") or 0.0) == "float" and 1 or 0)
  record(id, "neg", neg == nil and -1 or 1 / neg < 0 and 1 or 0)
  record(id, "odd", engine.has_flag("odd") and 1 or 0)
  record(id, "last", #(engine.get_string("last") or ""))
  record(id, "weird", engine.get_integer("\xff") or 0)
  record(id, "bom", engine.get_integer("\u{FEFF}bom") or -1)
  engine.collision_set_integer("score", score + 1)
  engine.collision_set_scalar("heat", score)
  engine.collision_set_integer("\u{FEFF}bom", i)
  engine.collision_set_scalar("neg", i % 3 == 0 and -0.0 or 1)
  if engine.has_flag("odd") then engine.collision_clear_flag("odd") else engine.collision_set_flag("odd") end
  engine.collision_set_string("last", string.rep("x", i))
  -- A spark and the camera: nothing a later callback reads.
  engine.collision_spawn():with_group("spark"):with_position(ctx.a.pos.x, 50):build()
  engine.collision_set_camera(ctx.a.pos.x, 0, 1)
  if i == 20 and score > 40 then engine.collision_set_integer("\xff", i) end
  if i % 7 == 3 then error("boom " .. i) end
end
