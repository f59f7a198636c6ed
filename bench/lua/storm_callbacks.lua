-- The collision storm's rule callback, run verbatim by the engine game and
-- by the native reference (bench/lua/reference.lua): it reads both sides'
-- velocity and signals and queues two collision commands.
-- luacheck: globals engine hit hit_scored

function hit(ctx)
  local a, b = ctx.a, ctx.b
  local h = a.signals.integers.hits + b.signals.integers.hits
  engine.collision_entity_set_velocity(a.id, b.vel.x, a.vel.y)
  engine.collision_entity_signal_set_integer(a.id, "hits", h + 1)
end

-- The same, also counting every hit in a world signal, as a game keeps its
-- score: each callback then changes what the next one reads.
function hit_scored(ctx)
  hit(ctx)
  engine.collision_set_integer("score", (engine.get_integer("score") or 0) + 1)
end
