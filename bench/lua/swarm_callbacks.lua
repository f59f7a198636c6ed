-- The swarm's phase update callbacks, run verbatim by the engine game and by
-- the native reference (bench/lua/reference.lua). Each variant adds one step
-- to the one before, so the differences between them price each step (the
-- per-entity cost table of bench/compare.ts); go_update is the whole swarm
-- callback. Callbacks are called as fn(ctx, input, dt); the unused trailing
-- arguments are left out of the signatures.
-- luacheck: globals engine go_empty go_read go_random go_velocity go_update

function go_empty() end

function go_read(ctx)
  local _ = ctx.signals.integers.count
end

function go_random(ctx)
  local _ = ctx.signals.integers.count
  local _ = math.random() * 6.283
end

function go_velocity(ctx)
  local _ = ctx.signals.integers.count
  local a = math.random() * 6.283
  engine.entity_set_velocity(ctx.id, math.cos(a) * 50, math.sin(a) * 50)
end

function go_update(ctx)
  local c = ctx.signals.integers.count
  local a = math.random() * 6.283
  engine.entity_set_velocity(ctx.id, math.cos(a) * 50, math.sin(a) * 50)
  engine.entity_signal_set_integer(ctx.id, "count", c + 1)
end
