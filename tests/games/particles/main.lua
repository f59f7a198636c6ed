-- A fountain of sparks. Each spark (a clone of the template) runs a Lua
-- timer that reads math.random, so the world depends on the Lua side too.
function on_switch_scene(scene)
  engine.spawn():with_group("template"):with_position(-100, -100)
    :with_lua_timer(0.1, "spark_tick"):register_as("spark"):build()
  engine.spawn():with_group("template"):with_position(-100, -100)
    :with_signal_integer("big", 1):register_as("ember"):build()
  engine.spawn():with_position(100, 150)
    :with_particle_emitter({
      templates = { "spark", "ember" },
      shape = { kind = "rect", width = 20, height = 4 },
      particles_per_emission = 3,
      emissions_per_second = 20,
      emissions_remaining = 30,
      arc = { -30, 30 },
      speed = { 40, 90 },
      ttl = { min = 0.5, max = 1.0 },
    })
    :build()
end

function spark_tick(ctx)
  engine.entity_signal_set_integer(ctx.id, "roll", math.random(1, 100))
end
