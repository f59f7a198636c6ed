-- 300 CVar changes with handlers in one frame: more than the ActionQueue
-- holds (256), so some are dropped with a warning in the game's log.
function on_setup()
  for i = 1, 300 do
    cvar.define("flood_" .. i, { type = "int", default = 0 })
    cvar.on_change("flood_" .. i, "changed")
  end
end

function on_update_menu(input, dt)
  if cvar.get("flood_1") == 0 then
    for i = 1, 300 do cvar.set("flood_" .. i, 1) end
  end
end

function changed(name, old, new) engine.set_integer("handled", (engine.get_integer("handled") or 0) + 1) end
