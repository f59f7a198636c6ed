-- Balls bouncing inside four walls by collision sides; every bounce is
-- counted in a world signal, read back by the next collision callback.
local function wall(x, y, w, h)
  engine.spawn():with_group("wall"):with_position(x, y):with_collider(w, h, 0, 0):build()
end

function on_switch_scene(scene)
  engine.set_integer("bounces", 0)
  wall(0, -10, 200, 10)   -- top
  wall(0, 100, 200, 10)   -- bottom
  wall(-10, 0, 10, 100)   -- left
  wall(200, 0, 10, 100)   -- right
  engine.spawn():with_group("ball"):with_position(50, 50):with_velocity(300, 170)
    :with_collider(6, 6, 3, 3):build()
  engine.spawn():with_group("ball"):with_position(150, 30):with_velocity(-240, 90)
    :with_collider(6, 6, 3, 3):build()
  engine.spawn():with_lua_collision_rule("ball", "wall", "on_wall"):build()
end

function on_wall(ctx)
  local vx, vy = ctx.a.vel.x, ctx.a.vel.y
  for _, side in ipairs(ctx.sides.a) do
    if side == "left" and vx < 0 or side == "right" and vx > 0 then vx = -vx end
    if side == "top" and vy < 0 or side == "bottom" and vy > 0 then vy = -vy end
  end
  engine.collision_entity_set_velocity(ctx.a.id, vx, vy)
  engine.collision_set_integer("bounces", engine.get_integer("bounces") + 1)
end
