-- One entity with a phase and a timer every frame: both callbacks of a frame
-- must see the same time_in_phase; another with a 0 s timer, which fires
-- every frame; a third whose phase has only an update (gameplay e2e test).
function on_switch_scene(scene)
  engine.spawn()
    :with_phase({ initial = "idle", callbacks = { idle = { enter = "seen", update = "seen" } } })
    :with_lua_timer(1 / 60, "timed")
    :build()
  engine.spawn():with_lua_timer(0, "every"):build()
  engine.spawn():with_phase({ initial = "run", callbacks = { run = "count" } }):build()
end

-- An update-only phase runs from the frame it is entered.
function count(ctx) engine.set_integer("updates", (engine.get_integer("updates") or 0) + 1) end

function seen(ctx) engine.entity_signal_set_scalar(ctx.id, "phase_clock", ctx.time_in_phase) end
function timed(ctx) engine.entity_signal_set_scalar(ctx.id, "timer_clock", ctx.time_in_phase) end

-- A 0 s timer fires every frame.
function every(ctx) engine.set_integer("every", (engine.get_integer("every") or 0) + 1) end
