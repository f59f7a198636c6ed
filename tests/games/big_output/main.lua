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

-- Built from 1 KB pieces: string.rep is charged per repetition, and 16 million
-- one-byte repetitions would hit the instruction budget before the output cap.
local KB = string.rep("x", 1024)

function big_string()
  engine.set_string("blob", string.rep(KB, 15 * 1024))
end

function big_print()
  print(string.rep(KB, 16 * 1024))
end
