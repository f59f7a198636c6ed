-- Ten entities count their frames; two others produce more output than one
-- callback may (a 15 MB string argument, a 16 MB print) in the same batch.
function on_switch_scene()
  engine.spawn():with_lua_timer(0, "big_string"):build()
  for _ = 1, 10 do
    engine.spawn():with_signal_integer("ticks", 0):with_lua_timer(0, "tick"):build()
  end
  engine.spawn():with_lua_timer(0, "big_print"):build()
end

function tick(ctx)
  engine.entity_signal_set_integer(ctx.id, "ticks", ctx.signals.integers.ticks + 1)
end

function big_string()
  engine.set_string("blob", string.rep("x", 15 * 1024 * 1024))
end

function big_print()
  print(string.rep("y", 16 * 1024 * 1024))
end
