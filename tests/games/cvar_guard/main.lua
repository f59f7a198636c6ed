-- A game that tries to lift its own safety limits (tests/cvar_limits_test.ts).
local function try(f, ...)
  local ok, err = pcall(f, ...)
  return ok and "none" or err
end

function on_setup()
  engine.set_string("setup_error", try(function() cvar.set("lua_max_instructions", 9007199254740991) end))
  try(function() cvar.set("lua_max_memory_mb", 2048) end)
end

function on_switch_scene(scene)
  engine.spawn():with_position(0, 0):with_lua_timer(1 / 60, "spin"):build()
end

function on_update_menu(input, dt)
  engine.set_integer("budget", cvar.get("lua_max_instructions"))
  engine.set_integer("memory", cvar.get("lua_max_memory_mb"))
  engine.set_string("update_error", try(function() cvar.set("lua_max_instructions", 150000000) end))
  engine.set_string("console_error",
    try(function() console.execute("set lua_max_instructions 150000000") end))
  try(function() console.execute("lua_max_memory_mb 512") end)
end

-- About 4 M instructions: over the budget the tests start with, under what the console sets.
function spin(ctx)
  local x = 0
  for i = 1, 1000000 do x = x + i end
  engine.set_integer("spins", (engine.get_integer("spins") or 0) + 1)
end
