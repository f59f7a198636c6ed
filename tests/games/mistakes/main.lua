-- Common mistakes, one of each: `check` and the running game must each name the fix.
engine.set_flag("too_early")

function on_switch_scene(scene)
  engine.spawn():with_group("ghost"):with_position(1, 2)
  engine.spawn():with_lua_collision_rule("ball", "brick", "on_hit"):build()
  for _, fn in ipairs({ "typo_engine", "typo_method", "typo_callback" }) do
    engine.spawn():with_group("mistake"):with_lua_timer(1 / 60, fn):build()
  end
end

function on_update_menu(input, dt)
  local b = engine.spawn():with_group("leak")
  b:with_position(3, 4)
end

function typo_engine(ctx)
  engine.entity_set_velocty(ctx.id, 1, 0)
end

function typo_method(ctx)
  engine.spawn():with_positon(1, 2):build()
end

function typo_callback(ctx)
  engine.entity_insert_lua_timer(ctx.id, 1, "on_hitt")
end

function on_hit(ctx) end

function on_update(input, dt) end

function on_updte_menu(input, dt) end

function on_start() end
