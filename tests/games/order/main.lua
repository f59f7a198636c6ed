-- Commands from a phase callback apply before the same frame's physics: the
-- velocity set on entering "go" moves the entity in that very frame.
function on_switch_scene(scene)
  engine.spawn():with_group("mover"):with_position(0, 0):with_velocity(0, 0)
    :with_phase({ initial = "go", callbacks = { go = { enter = "go_enter" } } })
    :build()
end

function go_enter(ctx, input, dt)
  engine.entity_set_velocity(ctx.id, 60, 0)
end
