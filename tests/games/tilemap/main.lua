-- A Tiled map with an external tileset: a ground layer and a walls layer
-- whose tiles get colliders.
function on_setup()
  engine.load_texture("tiles", "maps/tiles.png")
  engine.load_tilemap("level", "maps/level.json")
end

function on_switch_scene(scene)
  engine.spawn_tiles("level")
end
