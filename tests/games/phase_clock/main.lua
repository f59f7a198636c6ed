-- One entity with a phase and a timer every frame: both callbacks of a frame
-- must see the same time_in_phase (gameplay e2e test).
function on_switch_scene(scene)
  engine.spawn()
    :with_phase({ initial = "idle", callbacks = { idle = { enter = "seen", update = "seen" } } })
    :with_lua_timer(1 / 60, "timed")
    :build()
end

function seen(ctx) engine.entity_signal_set_scalar(ctx.id, "phase_clock", ctx.time_in_phase) end
function timed(ctx) engine.entity_signal_set_scalar(ctx.id, "timer_clock", ctx.time_in_phase) end
