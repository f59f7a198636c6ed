-- Moonglow Breakout: a menu, levels of bricks, lives, a score bound to a
-- world signal, and a ball speed CVar you can change live from the console
-- (press ` in the terminal, then: set ball_speed 500).

local W, H = 800, 600
local PADDLE_Y = 560

function on_setup()
  cvar.define("ball_speed", {
    type = "float", default = 380, min = 120, max = 1200,
    description = "Ball speed in pixels per second.",
  })
  cvar.on_change("ball_speed", "on_ball_speed")
  engine.load_sound("hit", "assets/hit.wav")
  engine.load_sound("paddle", "assets/paddle.wav")
  engine.load_sound("lost", "assets/lost.wav")
  engine.load_sound("start", "assets/start.wav")
  engine.set_string("scene", "menu")
end

-- Scenes ------------------------------------------------------------------

local function text(x, y, s, size, r, g, b)
  return engine.spawn():with_screen_position(x, y):with_text(s, nil, size, r, g, b, 255):with_zindex(10)
end

local function block(group, x, y, w, h, r, g, b)
  return engine.spawn():with_group(group):with_position(x, y):with_collider(w, h, w / 2, h / 2)
    :with_tint(r, g, b, 255)
end

-- Levels are grid layouts (levels/N.json): a legend of brick kinds and rows.
local LEVELS = 3

local function build_bricks(level)
  local n = (level - 1) % LEVELS + 1
  engine.spawn():with_grid_layout("levels/" .. n .. ".json", "brick", 1):build()
end

-- A brick breaks into a burst of sparks: an emitter that clones the
-- "spark" template once and then expires.
local function burst(x, y, r, g, b)
  engine.collision_spawn():with_position(x, y)
    :with_particle_emitter({
      templates = { "spark" },
      shape = { kind = "rect", width = 60, height = 16 },
      particles_per_emission = 10,
      emissions_per_second = 60,
      emissions_remaining = 1,
      arc = { 0, 360 },
      speed = { 60, 180 },
      ttl = { min = 0.2, max = 0.5 },
    })
    :with_ttl(0.1)
    :build()
end

local function serve_ball()
  block("ball", W / 2, PADDLE_Y - 40, 10, 10, 250, 250, 250)
    :with_velocity(0, 0)
    :with_phase({ initial = "ready", callbacks = { ready = "ball_ready", live = { enter = "ball_launch" } } })
    :register_as("ball")
    :build()
end

function on_switch_scene(scene)
  if scene == "menu" then
    text(250, 200, "MOONGLOW  BREAKOUT", 32, 200, 220, 255):build()
    text(270, 300, "press SPACE to start", 20, 200, 200, 200):build()
    text(230, 340, "arrows move, ` opens the console", 16, 150, 150, 170):build()
  elseif scene == "level" then
    local level = engine.get_integer("level") or 1
    block("wall", W / 2, 5, W, 10, 90, 90, 110):build()
    block("wall", 5, H / 2, 10, H, 90, 90, 110):build()
    block("wall", W - 5, H / 2, 10, H, 90, 90, 110):build()
    block("floor", W / 2, H + 20, W, 20, 0, 0, 0):build()
    block("paddle", W / 2, PADDLE_Y, 100, 14, 120, 200, 255):with_velocity(0, 0):register_as("paddle"):build()
    -- The particle template lives off screen; particles are its clones.
    engine.spawn():with_group("spark"):with_position(-50, -50):with_collider(4, 4, 2, 2)
      :with_tint(255, 230, 150, 255):with_friction(2):register_as("spark"):build()
    build_bricks(level)
    serve_ball()
    engine.track_group("brick")
    text(20, 20, "", 16, 255, 255, 255):with_signal_binding("score"):with_signal_binding_format("SCORE {}"):build()
    text(680, 20, "", 16, 255, 255, 255):with_signal_binding("lives"):with_signal_binding_format("LIVES {}"):build()
    text(360, 20, "", 16, 200, 200, 255):with_signal_binding("level"):with_signal_binding_format("LEVEL {}"):build()
    engine.spawn():with_lua_collision_rule("ball", "wall", "on_ball_wall"):build()
    engine.spawn():with_lua_collision_rule("ball", "paddle", "on_ball_paddle"):build()
    engine.spawn():with_lua_collision_rule("ball", "brick", "on_ball_brick"):build()
    engine.spawn():with_lua_collision_rule("ball", "floor", "on_ball_lost"):build()
    engine.spawn():with_lua_collision_rule("paddle", "wall", "on_paddle_wall"):build()
  elseif scene == "gameover" then
    text(300, 240, "GAME  OVER", 32, 255, 120, 120):build()
    text(300, 300, "", 20, 255, 255, 255):with_signal_binding("score"):with_signal_binding_format("final score {}"):build()
    text(260, 340, "press SPACE to play again", 20, 200, 200, 200):build()
  end
end

local function start_game()
  engine.play_sound("start")
  engine.set_integer("score", 0)
  engine.set_integer("lives", 3)
  engine.set_integer("level", 1)
  engine.set_string("scene", "level")
  engine.set_flag("switch_scene")
end

function on_update_menu(input, dt)
  if input.digital.action_1.just_pressed or input.digital.special.just_pressed then start_game() end
end

function on_update_gameover(input, dt)
  if input.digital.action_1.just_pressed or input.digital.special.just_pressed then start_game() end
end

function on_update_level(input, dt)
  local paddle = engine.get_entity("paddle")
  if paddle then
    local dir = 0
    if input.digital.left.pressed then dir = dir - 1 end
    if input.digital.right.pressed then dir = dir + 1 end
    engine.entity_set_velocity(paddle, dir * 520, 0)
  end
  if input.digital.back.just_pressed then
    engine.set_string("scene", "menu")
    engine.set_flag("switch_scene")
  end
  if engine.get_group_count("brick") == 0 then
    engine.set_integer("level", (engine.get_integer("level") or 1) + 1)
    engine.set_flag("switch_scene")
  end
end

-- The ball ------------------------------------------------------------------

function ball_ready(ctx, input, dt)
  if input.digital.action_1.just_pressed then return "live" end
end

function ball_launch(ctx, input, dt)
  local speed = cvar.get("ball_speed")
  local angle = math.rad(math.random(-35, 35))
  engine.entity_set_velocity(ctx.id, speed * math.sin(angle), -speed * math.cos(angle))
end

function on_ball_speed(name, old, new)
  local ball = engine.get_entity("ball")
  if ball then engine.entity_set_speed(ball, tonumber(new)) end
end

-- Reflect the velocity on the sides that touched, only when moving into them.
local function reflect(ctx)
  local vx, vy = ctx.a.vel.x, ctx.a.vel.y
  for _, side in ipairs(ctx.sides.a) do
    if (side == "left" and vx < 0) or (side == "right" and vx > 0) then vx = -vx end
    if (side == "top" and vy < 0) or (side == "bottom" and vy > 0) then vy = -vy end
  end
  return vx, vy
end

function on_ball_wall(ctx)
  engine.collision_entity_set_velocity(ctx.a.id, reflect(ctx))
end

function on_ball_paddle(ctx)
  if ctx.a.vel.y <= 0 then return end
  -- Where the ball hit the paddle decides the angle: edges send it sideways.
  local off = (ctx.a.pos.x - ctx.b.pos.x) / (ctx.b.rect.w / 2)
  off = math.max(-1, math.min(1, off))
  local speed = math.sqrt(ctx.a.speed_sq)
  local angle = math.rad(off * 60)
  engine.collision_entity_set_velocity(ctx.a.id, speed * math.sin(angle), -speed * math.cos(angle))
  engine.collision_play_sound("paddle")
end

function on_ball_brick(ctx)
  engine.collision_entity_set_velocity(ctx.a.id, reflect(ctx))
  engine.collision_entity_despawn(ctx.b.id)
  burst(ctx.b.pos.x, ctx.b.pos.y)
  local points = ctx.b.signals.integers.points or 10
  engine.collision_set_integer("score", (engine.get_integer("score") or 0) + points)
  engine.collision_play_sound("hit")
end

function on_ball_lost(ctx)
  engine.collision_entity_despawn(ctx.a.id)
  engine.collision_play_sound("lost")
  local lives = (engine.get_integer("lives") or 1) - 1
  engine.collision_set_integer("lives", lives)
  if lives <= 0 then
    engine.collision_set_string("scene", "gameover")
    engine.collision_set_flag("switch_scene")
  else
    engine.collision_spawn():with_group("ball"):with_position(W / 2, PADDLE_Y - 40)
      :with_collider(10, 10, 5, 5):with_tint(250, 250, 250, 255):with_velocity(0, 0)
      :with_phase({ initial = "ready", callbacks = { ready = "ball_ready", live = { enter = "ball_launch" } } })
      :register_as("ball")
      :build()
  end
end

function on_paddle_wall(ctx)
  local x
  if ctx.b.pos.x < W / 2 then x = ctx.b.rect.x + ctx.b.rect.w + ctx.a.rect.w / 2
  else x = ctx.b.rect.x - ctx.a.rect.w / 2 end
  engine.collision_entity_set_position(ctx.a.id, x, ctx.a.pos.y)
  engine.collision_entity_set_velocity(ctx.a.id, 0, 0)
end
