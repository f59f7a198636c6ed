-- Hot reload fixture (tests/watch_test.ts edits a copy while it runs): a
-- counter the scene update increments every frame, and blobs whose phase,
-- timer and collision callbacks the edits change.
local rules = require("lib.rules")
local VERSION = "one"

function on_setup()
  engine.log_info("setup ran")
  cvar.define("blob_count", { type = "int", default = 5, min = 1, max = 1000 })
end

function on_switch_scene(scene)
  engine.log_info("switch ran")
  engine.set_integer("frames", 0)
  engine.set_integer("ticks", 0)
  for i = 1, cvar.get("blob_count") do
    engine.spawn():with_group("blob"):with_position(i * 10, 0):with_collider(4, 4, 2, 2)
      :with_signal_integer("n", i)
      :with_phase({ initial = "idle", callbacks = { idle = "blob_update" } })
      :with_lua_timer(0.25, "blob_tick")
      :build()
  end
  engine.spawn():with_group("wall"):with_position(10, 0):with_collider(4, 4, 2, 2)
    :with_lua_collision_rule("wall", "blob", "on_touch")
    :build()
end

function on_update_menu(input, dt)
  engine.set_integer("frames", engine.get_integer("frames") + 1)
end

function blob_update(ctx, input, dt)
  engine.entity_signal_set_string(ctx.id, "version", VERSION)
end

function blob_tick(ctx, input)
  engine.set_integer("ticks", engine.get_integer("ticks") + rules.TICK)
end

function on_touch(ctx)
  engine.collision_set_string("touched", VERSION)
end
