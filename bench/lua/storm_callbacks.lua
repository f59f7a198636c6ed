-- The collision storm's rule callback, run verbatim by the engine game and
-- by the native reference (bench/lua/reference.lua): it reads both sides'
-- velocity and signals and queues two collision commands.
-- luacheck: globals engine hit

function hit(ctx)
  local a, b = ctx.a, ctx.b
  local h = a.signals.integers.hits + b.signals.integers.hits
  engine.collision_entity_set_velocity(a.id, b.vel.x, a.vel.y)
  engine.collision_entity_signal_set_integer(a.id, "hits", h + 1)
end
