// Generated from starter_game.lua by `deno task embed-lua`; do not edit.

/**
 * The text of `starter_game.lua`.
 *
 * @example
 * ```ts
 * import { STARTER_GAME_LUA } from "./starter_game_lua.ts";
 * STARTER_GAME_LUA.length > 0; // true
 * ```
 */
export const STARTER_GAME_LUA: string = `\
-- A Moonglow starter game. Run it with \`moonglow run .\` and check it with
-- \`moonglow check .\` from this folder. moonglow.json sets its title, view
-- size (800 x 600) and first scene ("menu"); .moonglow/engine.lua lists the
-- whole engine API for your editor.
--
-- The engine calls the global functions below by name:
--   on_setup()                    once, when the game loads
--   on_switch_scene(scene)        each time a scene starts
--   on_update_<scene>(input, dt)  every frame while that scene runs
--   phase callbacks (ctx, input, dt)  every frame for each entity in that phase
-- Engine calls are queued and applied after the callback returns.

local W, H = 800, 600
local SIZE = 40 -- the player's square, in pixels
local SPEED = 260 -- the player's speed, pixels per second

function on_setup()
  -- Signals are the game's shared state: every callback can read them.
  engine.set_integer("seconds", 0)
end

-- A coloured square: a collider gives it its size on screen, a tint its colour.
local function square(group, x, y, size, r, g, b)
  return engine.spawn():with_group(group):with_position(x, y)
    :with_collider(size, size, size / 2, size / 2):with_tint(r, g, b, 255)
end

local function text(x, y, s, size)
  return engine.spawn():with_screen_position(x, y):with_text(s, nil, size, 230, 230, 255, 255)
    :with_zindex(10)
end

-- Squares that drift across the screen and bounce off its edges.
local function drifters(count)
  for i = 1, count do
    square("drifter", 100 + i * 120, 120 + (i % 3) * 140, 24, 255, 120 + i * 20, 80)
      :with_velocity(90 + i * 25, 70 - i * 30)
      :with_phase({ initial = "drift", callbacks = { drift = "drift" } })
      :build()
  end
end

function on_switch_scene(scene)
  if scene == "menu" then
    text(300, 220, "MY MOONGLOW GAME", 32):build()
    text(300, 290, "press SPACE to play", 20):build()
    drifters(3)
  elseif scene == "play" then
    engine.set_scalar("time", 0)
    engine.set_integer("seconds", 0)
    -- This text shows the "seconds" signal whenever it changes.
    text(20, 20, "", 20):with_signal_binding("seconds"):with_signal_binding_format("TIME {}"):build()
    text(20, 560, "arrows or WASD move, ESC goes back to the menu", 16):build()
    square("player", W / 2, H / 2, SIZE, 120, 200, 255):with_velocity(0, 0)
      :with_phase({ initial = "walk", callbacks = { walk = "player_walk" } })
      :build()
    drifters(5)
  end
end

local function switch_to(scene)
  engine.set_string("scene", scene)
  engine.set_flag("switch_scene")
end

function on_update_menu(input)
  if input.digital.action_1.just_pressed then switch_to("play") end
end

function on_update_play(input, dt)
  if input.digital.back.just_pressed then switch_to("menu") end
  local time = (engine.get_scalar("time") or 0) + dt
  engine.set_scalar("time", time)
  engine.set_integer("seconds", math.floor(time))
end

-- Phase callback of the player: the arrow keys set its velocity.
function player_walk(ctx, input)
  local d = input.digital
  local vx, vy = 0, 0
  if d.left.pressed then vx = vx - SPEED end
  if d.right.pressed then vx = vx + SPEED end
  if d.up.pressed then vy = vy - SPEED end
  if d.down.pressed then vy = vy + SPEED end
  -- Stay on screen.
  local half = SIZE / 2
  if (ctx.pos.x < half and vx < 0) or (ctx.pos.x > W - half and vx > 0) then vx = 0 end
  if (ctx.pos.y < half and vy < 0) or (ctx.pos.y > H - half and vy > 0) then vy = 0 end
  engine.entity_set_velocity(ctx.id, vx, vy)
end

-- Phase callback of the drifters: turn back at the edges of the screen.
function drift(ctx)
  local vx, vy = ctx.vel.x, ctx.vel.y
  if (ctx.pos.x < 12 and vx < 0) or (ctx.pos.x > W - 12 and vx > 0) then vx = -vx end
  if (ctx.pos.y < 12 and vy < 0) or (ctx.pos.y > H - 12 and vy > 0) then vy = -vy end
  if vx ~= ctx.vel.x or vy ~= ctx.vel.y then engine.entity_set_velocity(ctx.id, vx, vy) end
end
`;
