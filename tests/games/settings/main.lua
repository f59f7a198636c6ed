function on_setup()
  cvar.define("difficulty", { type = "int", default = 1, min = 1, max = 5, flags = { "saved" } })
  cvar.on_change("difficulty", "on_difficulty")
end

function on_switch_scene(scene)
  engine.set_integer("difficulty", cvar.get("difficulty"))
end

function on_difficulty(name, old, new)
  engine.set_string("changed", name .. ":" .. old .. "->" .. new)
end
