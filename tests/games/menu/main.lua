-- A title menu driven by the input log: the selection moves with wrap,
-- each move plays a sound, selecting runs on_menu, and "play" switches scene.
-- font.ttf is a stand-in (headless never opens fonts; loading checks the file exists).
function on_setup()
  engine.load_font("main", "font.ttf")
  engine.load_sound("blip", "blip.wav")
end

function on_switch_scene(scene)
  if scene == "menu" then
    engine.spawn():with_position(0, 0):register_as("arrow"):build()
    engine.spawn()
      :with_menu({
        { id = "play", label = "Play" },
        { id = "options", label = "Options" },
        { id = "quit", label = "Quit" },
      }, 100, 100, "main", 16, 20, true)
      :with_menu_selection_sound("blip")
      :with_menu_cursor("arrow")
      :with_menu_callback("on_menu")
      :register_as("main_menu")
      :build()
  else
    engine.spawn():with_group("level_marker"):with_position(0, 0):build()
  end
end

function on_menu(ctx)
  engine.set_string("picked", ctx.item_id)
  engine.set_integer("picked_index", ctx.item_index)
  engine.set_integer("menu_id", ctx.menu_id)
  if ctx.item_id == "play" then
    engine.set_string("scene", "level1")
    engine.set_flag("switch_scene")
  end
end
