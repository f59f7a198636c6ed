-- Collision callbacks that change the entities of the pairs after them.
-- A hub met by three spokes counts its meetings and each spoke records the
-- count it saw (the next pair shares the hub). Three x/y pairs apart from
-- each other: each y records whether the callback before marked it, and
-- marks the next y by id (the next pair shares no entity with this one).
-- Every callback must see what the ones before it changed.

local function box(group, x)
  return engine.spawn():with_group(group):with_position(x, 0):with_collider(5, 5, 0, 0)
end

function on_switch_scene()
  engine.spawn():with_group("hub"):with_position(0, 0):with_collider(100, 10, 0, 0)
    :with_signal_integer("seen", 0):build()
  for i = 1, 3 do box("spoke", i * 20):with_signal_integer("order", 0):build() end
  -- x and y in turns, so the next y's id is two more; the fourth pair does not meet.
  for i = 1, 4 do
    local x = 200 + i * 50
    box("x", x):build()
    box("y", i < 4 and x + 2 or x + 20):with_signal_integer("marked", 0)
      :with_signal_integer("order", -1):build()
  end
  engine.spawn():with_lua_collision_rule("hub", "spoke", "touch"):build()
  engine.spawn():with_lua_collision_rule("x", "y", "mark"):build()
end

function touch(ctx)
  local seen = ctx.a.signals.integers.seen + 1
  engine.collision_entity_signal_set_integer(ctx.a.id, "seen", seen)
  engine.collision_entity_signal_set_integer(ctx.b.id, "order", seen)
end

function mark(ctx)
  engine.collision_entity_signal_set_integer(ctx.b.id, "order", ctx.b.signals.integers.marked)
  engine.collision_entity_signal_set_integer(ctx.b.id + 2, "marked", 1)
end
