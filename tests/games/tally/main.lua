-- Collision callbacks that keep a tally in world signals and read it back, and little else: the
-- engine sends each batch before the one before it is applied, to run on the snapshot as that
-- one left it. Some fail after writing (their writes are dropped); now and then one despawns its
-- b, which a tracked group counts (the snapshot the runtime kept then is not the world's).
-- Every callback must read what the ones before it left, batched or not.

local PAIRS = 120

function on_switch_scene()
  engine.track_group("b")
  for i = 0, PAIRS - 1 do
    engine.spawn():with_group("a"):with_position(i * 100, 0):with_collider(5, 5, 0, 0)
      :with_signal_integer("i", i):build()
    engine.spawn():with_group("b"):with_position(i * 100 + 2, 0):with_collider(5, 5, 0, 0):build()
  end
  engine.spawn():with_lua_collision_rule("a", "b", "hit"):build()
  engine.set_integer("tally", 0)
end

local function record(id, key, value)
  engine.collision_entity_signal_set_integer(id, key, value)
end

function hit(ctx)
  local id, i = ctx.a.id, ctx.a.signals.integers.i
  local tally = engine.get_integer("tally")
  local neg = engine.get_scalar("neg")
  record(id, "saw", tally)
  record(id, "bs", engine.get_group_count("b"))
  record(id, "neg", neg == nil and -1 or 1 / neg < 0 and 1 or 0)
  engine.collision_set_integer("tally", tally + 1)
  engine.collision_set_scalar("neg", i % 3 == 0 and -0.0 or 1)
  if i % 25 == 24 then engine.collision_entity_despawn(ctx.b.id) end
  if i % 7 == 3 then error("boom " .. i) end
end
