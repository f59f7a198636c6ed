-- A game with one callback of each kind the profiler names (profile test):
-- `swarm` entities drift with a phase update, a ball overlaps a wall every
-- frame (collision), a timer fires every frame and one fails every time, the
-- scene has an update, and a CVar has a handler.
function on_setup()
  cvar.define("swarm", { type = "int", default = 20, min = 1, max = 5000 })
  cvar.define("drift_speed", { type = "int", default = 1, min = 1, max = 10 })
  cvar.on_change("drift_speed", "speed_changed")
  engine.set_integer("speed", 1)
end

function on_switch_scene(scene)
  engine.set_integer("frames", 0)
  engine.set_integer("hits", 0)
  for i = 1, cvar.get("swarm") do
    engine.spawn():with_group("mote"):with_position(i, 0)
      :with_phase({ initial = "drift", callbacks = { drift = "drift" } }):build()
  end
  engine.spawn():with_group("ball"):with_position(500, 10):with_collider(8, 8, 0, 0):build()
  engine.spawn():with_group("wall"):with_position(502, 12):with_collider(8, 8, 0, 0):build()
  engine.spawn():with_lua_collision_rule("ball", "wall", "bump"):build()
  engine.spawn():with_lua_timer(0, "tick"):build()
  engine.spawn():with_lua_timer(0, "flaky"):build()
end

function drift(ctx, input, dt)
  local s = 0
  for i = 1, 20 do s = s + i end
  engine.entity_set_velocity(ctx.id, engine.get_integer("speed") + s % 2, 0)
end

function on_update_menu(input, dt)
  engine.set_integer("frames", engine.get_integer("frames") + 1)
end

function bump(ctx)
  engine.collision_set_integer("hits", engine.get_integer("hits") + 1)
end

function tick(ctx) engine.set_integer("ticks", (engine.get_integer("ticks") or 0) + 1) end

function flaky(ctx) error("flaky fails every time") end

function speed_changed(name, old, new) engine.set_integer("speed", tonumber(new)) end
