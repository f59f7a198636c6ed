-- The collision storm's rule callback as a game that looks entities up with
-- ecs.getComponent writes it: it reads b's velocity from the components
-- instead of its context. Run verbatim by the engine game (which carries
-- components only for games that call getComponent, so only this world loads
-- the file) and by the native reference (bench/lua/reference.lua).
-- luacheck: globals engine ecs hit_components

function hit_components(ctx)
  local a, b = ctx.a, ctx.b
  local h = a.signals.integers.hits + b.signals.integers.hits
  local v = ecs.getComponent(b.id, "Velocity")
  engine.collision_entity_set_velocity(a.id, v.x, a.vel.y)
  engine.collision_entity_signal_set_integer(a.id, "hits", h + 1)
end
