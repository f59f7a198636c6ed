-- Collision rules belong to the entities that carry them. In scene "play" a
-- ball overlaps a wall every frame; "keeper" carries one rule and is despawned
-- at frame 5, "scene_rule" carries another and goes with the scene switch at
-- frame 10. Scene "after" has the same ball and wall but no carrier.
function on_switch_scene(scene)
  engine.spawn():with_group("ball"):with_position(10, 10):with_collider(8, 8, 0, 0):build()
  engine.spawn():with_group("wall"):with_position(12, 12):with_collider(8, 8, 0, 0):build()
  if scene == "play" then
    engine.set_integer("frames", 0)
    engine.set_integer("keeper_hits", 0)
    engine.set_integer("scene_hits", 0)
    engine.spawn():with_lua_collision_rule("ball", "wall", "keeper_hit"):register_as("keeper"):build()
    engine.spawn():with_lua_collision_rule("ball", "wall", "scene_hit"):build()
  end
end

local function count_frame()
  engine.set_integer("frames", engine.get_integer("frames") + 1)
end

function on_update_play(input, dt)
  count_frame()
  local frames = engine.get_integer("frames") + 1
  if frames == 5 then engine.entity_despawn(engine.get_entity("keeper")) end
  if frames == 10 then
    engine.set_string("scene", "after")
    engine.set_flag("switch_scene")
  end
end

on_update_after = count_frame

function keeper_hit()
  engine.collision_set_integer("keeper_hits", engine.get_integer("keeper_hits") + 1)
end

function scene_hit()
  engine.collision_set_integer("scene_hits", engine.get_integer("scene_hits") + 1)
end
