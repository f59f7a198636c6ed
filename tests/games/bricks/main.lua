-- Breakout in miniature: bricks from a grid layout, a ball stuck to the
-- paddle until a timer releases it, bounces by collision sides, bricks
-- destroyed for their points, and a title sliding in on a tween.
function on_setup()
  engine.load_texture("brick", "brick.png")
end

local function wall(x, y, w, h)
  engine.spawn():with_group("wall"):with_position(x, y):with_collider(w, h, 0, 0):build()
end

function on_switch_scene(scene)
  engine.set_integer("score", 0)
  engine.track_group("brick")
  wall(0, -10, 200, 10)
  wall(-10, 0, 10, 200)
  wall(200, 0, 10, 200)
  wall(0, 200, 200, 10)
  engine.spawn():with_grid_layout("levels/1.json", "brick", 1):build()
  local paddle = engine.spawn():with_group("paddle"):with_position(100, 180)
    :with_collider(40, 6, 20, 3):register_as("paddle"):build()
  engine.spawn():with_group("ball"):with_position(0, 0):with_collider(6, 6, 3, 3)
    :with_stuckto(paddle, true, true):with_stuckto_offset(0, -10)
    :with_stuckto_stored_velocity(70, -220)
    :with_lua_timer(0.25, "launch"):register_as("ball"):build()
  engine.spawn():with_lua_collision_rule("ball", "brick", "on_brick")
    :with_lua_collision_rule("ball", "wall", "on_wall")
    :with_lua_collision_rule("ball", "paddle", "on_wall"):build()
  engine.spawn():with_group("title"):with_position(-40, 0)
    :with_tween_position(-40, 0, 50, 20, 0.5):with_tween_position_easing("back_out"):build()
end

function launch(ctx)
  engine.release_stuckto(ctx.id)
  engine.entity_remove_lua_timer(ctx.id)
end

local function bounce(ctx)
  local vx, vy = ctx.a.vel.x, ctx.a.vel.y
  for _, side in ipairs(ctx.sides.a) do
    if side == "left" and vx < 0 or side == "right" and vx > 0 then vx = -vx end
    if side == "top" and vy < 0 or side == "bottom" and vy > 0 then vy = -vy end
  end
  engine.collision_entity_set_velocity(ctx.a.id, vx, vy)
end

function on_brick(ctx)
  bounce(ctx)
  engine.collision_entity_despawn(ctx.b.id)
  local points = ctx.b.signals.integers.points or 0
  engine.collision_set_integer("score", engine.get_integer("score") + points)
end

function on_wall(ctx)
  bounce(ctx)
end
