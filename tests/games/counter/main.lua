-- A small scripted scene used by the end-to-end tests: spawns, phases,
-- timers, signals, random numbers and provisional ids.
local util = require("lib.util")

function on_setup()
  engine.log_info("setup")
  cvar.define("ball_count", { type = "int", default = 6, min = 1, max = 5000 })
end

function on_switch_scene(scene)
  engine.set_integer("score", 0)
  engine.track_group("ball")
  for i = 1, cvar.get("ball_count") do
    local id = engine.spawn()
      :with_group("ball")
      :with_position(10 * i, 20)
      :with_velocity(util.speed(i), 0)
      :with_collider(4, 4, 2, 2)
      :with_signal_integer("n", i % 7)
      :with_phase({ initial = "idle", callbacks = { idle = { enter = "ball_enter", update = "ball_update" }, fast = "ball_fast" } })
      :with_lua_timer(0.25, "ball_tick")
      :build()
    engine.entity_set_scale(id, 2, 2)
  end
  engine.spawn():with_group("keeper"):with_persistent():register_as("keeper"):build()
end

function ball_enter(ctx, input)
  engine.entity_signal_set_string(ctx.id, "mood", "calm")
end

function ball_update(ctx, input, dt)
  if ctx.time_in_phase > 0.5 then return "fast" end
end

function ball_fast(ctx, input, dt)
  engine.entity_set_velocity(ctx.id, ctx.vel.x + math.random(1, 5), ctx.vel.y)
end

function ball_tick(ctx, input)
  engine.set_integer("score", (engine.get_integer("score") or 0) + ctx.signals.integers.n)
end

function on_update_menu(input, dt)
  if input.digital.action_1.just_pressed then
    engine.log("pressed")
    engine.set_flag("pressed")
  end
end
