-- Moonglow Shooter: fly a ship around a tiled arena (arrows / WASD thrust,
-- space fires), shoot the enemies that chase you, and keep your shields up.
-- Shows forces with friction and max speed, animations, a camera that
-- follows the ship, TTL bullets and sparks, collision rules, sounds and a
-- HUD bound to world signals.

local ARENA_W, ARENA_H = 1536, 1152
local TILE = 128 -- 64-texel tiles drawn at scale 2: fewer entities to draw

function on_setup()
  engine.load_texture("ship", "assets/ship.png")
  engine.load_texture("enemy", "assets/enemy.png")
  engine.load_texture("bullet", "assets/bullet.png")
  engine.load_texture("spark", "assets/spark.png")
  engine.load_texture("tiles", "assets/tiles.png")
  engine.load_sound("shoot", "assets/shoot.wav")
  engine.load_sound("boom", "assets/boom.wav")
  engine.load_sound("hurt", "assets/hurt.wav")
  engine.register_animation("ship_fly", "ship", 0, 0, 32, 0, 2, 8, true)
  engine.register_animation("enemy_blink", "enemy", 0, 0, 24, 0, 2, 3, true)
  engine.register_animation("floor_plain", "tiles", 0, 0, 0, 0, 1, 1, false)
  engine.register_animation("floor_rivets", "tiles", 0, 64, 0, 0, 1, 1, false)
  engine.set_string("scene", "arena")
end

-- The floor is a grid of tile sprites; each tile picks its frame of the
-- tile sheet through a one-frame animation.
local function build_floor()
  for ty = 0, ARENA_H / TILE - 1 do
    for tx = 0, ARENA_W / TILE - 1 do
      local anim = ((tx * 7 + ty * 3) % 5 == 0) and "floor_rivets" or "floor_plain"
      engine.spawn():with_position(tx * TILE, ty * TILE)
        :with_sprite("tiles", 64, 64, 0, 0):with_scale(2, 2):with_animation(anim)
        :with_zindex(-10):build()
    end
  end
end

local function hud(x, y, key, format)
  engine.spawn():with_screen_position(x, y):with_text("", nil, 20, 230, 230, 255, 255)
    :with_signal_binding(key):with_signal_binding_format(format):with_zindex(100):build()
end

function on_switch_scene(scene)
  engine.set_integer("score", 0)
  engine.set_integer("shields", 5)
  engine.set_integer("wave", 0)
  build_floor()
  engine.spawn():with_group("ship"):with_position(ARENA_W / 2, ARENA_H / 2)
    :with_sprite("ship", 32, 32, 16, 16):with_animation("ship_fly")
    :with_collider(20, 20, 10, 10):with_zindex(5)
    :with_accel("thrust", 0, 0):with_friction(2.5):with_max_speed(360)
    :with_signal_scalar("aim_x", 0):with_signal_scalar("aim_y", -1)
    :with_signal_scalar("cooldown", 0)
    :with_phase({ initial = "flying", callbacks = { flying = "ship_fly" } })
    :register_as("ship"):build()
  engine.spawn():with_lua_timer(1.5, "spawn_enemy"):build()
  engine.spawn():with_lua_collision_rule("bullet", "enemy", "on_bullet_hits_enemy"):build()
  engine.spawn():with_lua_collision_rule("enemy", "ship", "on_enemy_hits_ship"):build()
  hud(16, 12, "score", "SCORE {}")
  hud(16, 36, "shields", "SHIELDS {}")
  engine.set_camera(ARENA_W / 2, ARENA_H / 2, 1)
end

local THRUST = 900

function ship_fly(ctx, input, dt)
  local d = input.digital
  local ax, ay = 0, 0
  if d.left.pressed then ax = ax - 1 end
  if d.right.pressed then ax = ax + 1 end
  if d.up.pressed then ay = ay - 1 end
  if d.down.pressed then ay = ay + 1 end
  engine.entity_set_force_value(ctx.id, "thrust", ax * THRUST, ay * THRUST)
  local s = ctx.signals.scalars
  local aim_x, aim_y = s.aim_x, s.aim_y
  if ax ~= 0 or ay ~= 0 then
    local len = math.sqrt(ax * ax + ay * ay)
    aim_x, aim_y = ax / len, ay / len
    engine.entity_signal_set_scalar(ctx.id, "aim_x", aim_x)
    engine.entity_signal_set_scalar(ctx.id, "aim_y", aim_y)
    engine.entity_set_rotation(ctx.id, math.deg(math.atan(aim_x, -aim_y)))
  end
  local cooldown = math.max(0, s.cooldown - dt)
  if d.action_1.pressed and cooldown == 0 then
    cooldown = 0.18
    engine.spawn():with_group("bullet"):with_position(ctx.pos.x + aim_x * 18, ctx.pos.y + aim_y * 18)
      :with_velocity(aim_x * 700 + ctx.vel.x * 0.5, aim_y * 700 + ctx.vel.y * 0.5)
      :with_sprite("bullet", 8, 8, 4, 4):with_collider(8, 8, 4, 4):with_ttl(1.0):with_zindex(4)
      :build()
    engine.play_sound("shoot")
  end
  engine.entity_signal_set_scalar(ctx.id, "cooldown", cooldown)
  -- Enemies home in on where the ship is; the camera follows it, kept inside the arena.
  engine.set_scalar("ship_x", ctx.pos.x)
  engine.set_scalar("ship_y", ctx.pos.y)
  local cx = math.max(400, math.min(ARENA_W - 400, ctx.pos.x))
  local cy = math.max(300, math.min(ARENA_H - 300, ctx.pos.y))
  engine.set_camera(cx, cy, 1)
  -- The arena wraps around.
  if ctx.pos.x < 0 or ctx.pos.x > ARENA_W or ctx.pos.y < 0 or ctx.pos.y > ARENA_H then
    engine.entity_set_position(ctx.id, ctx.pos.x % ARENA_W, ctx.pos.y % ARENA_H)
  end
end

function spawn_enemy(ctx, input)
  if (engine.get_group_count("enemy") or 0) >= 12 then return end
  local sx = engine.get_scalar("ship_x") or ARENA_W / 2
  local sy = engine.get_scalar("ship_y") or ARENA_H / 2
  -- Enter from a random point on a ring around the ship, out of view.
  local angle = math.random() * 2 * math.pi
  local x = math.max(12, math.min(ARENA_W - 12, sx + math.cos(angle) * 520))
  local y = math.max(12, math.min(ARENA_H - 12, sy + math.sin(angle) * 520))
  engine.spawn():with_group("enemy"):with_position(x, y)
    :with_sprite("enemy", 24, 24, 12, 12):with_animation("enemy_blink")
    :with_collider(20, 20, 10, 10):with_zindex(3)
    :with_phase({ initial = "chase", callbacks = { chase = "enemy_chase" } })
    :build()
end

function enemy_chase(ctx, input, dt)
  local sx = engine.get_scalar("ship_x") or ctx.pos.x
  local sy = engine.get_scalar("ship_y") or ctx.pos.y
  local dx, dy = sx - ctx.pos.x, sy - ctx.pos.y
  local len = math.max(1, math.sqrt(dx * dx + dy * dy))
  local speed = 90 + 10 * (engine.get_integer("wave") or 0)
  engine.entity_set_velocity(ctx.id, dx / len * speed, dy / len * speed)
end

local function sparks(x, y, n)
  for i = 1, n do
    local a = (i / n) * 2 * math.pi + math.random() * 0.5
    local v = 120 + math.random() * 160
    engine.collision_spawn():with_position(x, y):with_velocity(math.cos(a) * v, math.sin(a) * v)
      :with_sprite("spark", 4, 4, 2, 2):with_friction(3):with_ttl(0.4 + math.random() * 0.3)
      :with_zindex(6):build()
  end
end

function on_bullet_hits_enemy(ctx)
  engine.collision_entity_despawn(ctx.a.id)
  engine.collision_entity_despawn(ctx.b.id)
  sparks(ctx.b.pos.x, ctx.b.pos.y, 8)
  engine.collision_play_sound("boom")
  local score = (engine.get_integer("score") or 0) + 10
  engine.collision_set_integer("score", score)
  engine.collision_set_integer("wave", score // 100)
end

function on_enemy_hits_ship(ctx)
  engine.collision_entity_despawn(ctx.a.id)
  sparks(ctx.a.pos.x, ctx.a.pos.y, 12)
  engine.collision_play_sound("hurt")
  local shields = (engine.get_integer("shields") or 0) - 1
  engine.collision_set_integer("shields", shields)
  engine.collision_entity_set_tint(ctx.b.id, 255, 120, 120, 255)
  engine.collision_entity_insert_lua_timer(ctx.b.id, 0.3, "ship_heal")
  if shields <= 0 then
    engine.collision_set_flag("switch_scene")
  end
end

function ship_heal(ctx, input)
  engine.entity_remove_tint(ctx.id)
  engine.entity_remove_lua_timer(ctx.id)
end
