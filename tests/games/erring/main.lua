-- Fails on every frame at a known line, and asks for a texture that is not there:
-- the error overlay, the exit summary and the dump's errors are tested with it.
function on_setup()
  engine.load_texture("ship", "assets/ship.png")
end

function on_switch_scene(scene)
  engine.spawn():with_text("ERRING", nil, 32, 255, 255, 0, 255):with_position(20, 20):build()
end

function on_update_menu(input, dt)
  local ship = nil
  ship.speed = 1
end
