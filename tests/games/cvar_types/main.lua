-- CVar values reach Lua with the number kind their type says (engine e2e test).
function on_setup()
  cvar.define("g_fov", { type = "float", default = 75, min = 45, max = 120 })
  cvar.define("g_lives", { type = "int", default = 3 })
end

function on_update_menu(input, dt)
  local kinds = { math.type(cvar.get("g_fov")), math.type(cvar.get("g_lives")),
    math.type(cvar.get("sys_time_scale")) }
  engine.set_string("kinds", table.concat(kinds, ","))
end
