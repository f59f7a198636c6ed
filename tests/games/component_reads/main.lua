-- Collision callbacks that read components with ecs.getComponent while the ones
-- before them change those components: every callback must read what the ones
-- before it left, batched or not.
-- Per pair i: even ones read the ball's velocity and speed it up (each reads
-- what the one before wrote); odd ones read only their own entities and a
-- still marker; each sets its own b's velocity, and every tenth
-- (i % 10 == 5) reads all 40 b entities (more than the runtime lists); pair
-- 12 despawns the target, which later ones look up; some fail after reading.

local PAIRS = 40

function on_switch_scene()
  for i = 0, PAIRS - 1 do
    engine.spawn():with_group("a"):with_position(i * 100, 0):with_collider(5, 5, 0, 0)
      :with_signal_integer("i", i):build()
    engine.spawn():with_group("b"):with_position(i * 100 + 2, 0):with_collider(5, 5, 0, 0)
      :with_velocity(0, 0):register_as("b" .. i):build()
  end
  engine.spawn():with_group("ball"):with_position(0, 500):with_velocity(0, 0):register_as("ball"):build()
  engine.spawn():with_group("marker"):with_position(7, 7):with_tint(255, 128, 0, 255)
    :register_as("marker"):build()
  engine.spawn():with_group("target"):with_position(3, 4):register_as("target"):build()
  engine.spawn():with_lua_collision_rule("a", "b", "hit"):build()
end

local function record(id, key, value)
  engine.collision_entity_signal_set_integer(id, key, value)
end

function hit(ctx)
  local id, i = ctx.a.id, ctx.a.signals.integers.i
  local ball = engine.get_entity("ball")
  if i % 2 == 0 then
    local v = ecs.getComponent(ball, "Velocity")
    record(id, "saw", math.floor(v.x))
    engine.collision_entity_set_velocity(ball, v.x + 1, 0)
  else
    local tint = ecs.getComponent(engine.get_entity("marker"), "Tint")
    local own = ecs.getComponent(ctx.b.id, "Position")
    record(id, "saw", math.floor(own.x + tint.g))
  end
  -- Speeds its own b up, which only the ones that read every b read.
  engine.collision_entity_set_velocity(ctx.b.id, ctx.b.vel.x + 1, 0)
  if i % 10 == 5 then
    local sum = 0
    for k = 0, PAIRS - 1 do
      local v = ecs.getComponent(engine.get_entity("b" .. k), "Velocity")
      sum = sum + (v and v.x or 0)
    end
    record(id, "sum", math.floor(sum))
  end
  local target = engine.get_entity("target")
  record(id, "target", target and ecs.getComponent(target, "Position") and 1 or 0)
  if i == 12 and target then engine.collision_entity_despawn(target) end
  if i % 9 == 7 then error("boom " .. i) end
end
