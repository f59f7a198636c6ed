-- The ecs module: createEntity returns a provisional id usable at
-- once; getComponent reads the world as of the frame's snapshot.
function on_switch_scene(scene)
  local id = ecs.createEntity()
  ecs.addComponent(id, "Transform", { x = 10, y = 20, z = 0 })
  ecs.addComponent(id, "Velocity", { x = 60, y = 0 })
  engine.set_entity("thing", id)
end

function on_update_menu(input, dt)
  local id = engine.get_entity("thing")
  local t = ecs.getComponent(id, "Transform")
  local v = ecs.getComponent(id, "Velocity")
  engine.set_scalar("seen_x", t.x)
  engine.set_scalar("seen_vx", v.x)
  if ecs.getComponent(id, "Tint") == nil then engine.set_flag("no_tint") end
end
