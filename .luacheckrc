-- luacheck configuration for the engine's own Lua (the .lua files embedded by
-- `deno task embed-lua`). Games get a config generated from the API declarations instead.
std = "lua54"

files["src/lua/sandbox.lua"] = {
  -- The sandbox replaces library functions in place, so that every reference to the library
  -- table, method calls on strings included, reaches the guarded version.
  globals = {
    string = { fields = {
      dump = { read_only = false }, find = { read_only = false }, match = { read_only = false },
      gmatch = { read_only = false }, gsub = { read_only = false },
    } },
    coroutine = { fields = { create = { read_only = false }, wrap = { read_only = false } } },
  },
}

files["src/lua/library_costs.lua"] = {
  -- Replaces library functions in place, like the sandbox, with versions that charge their work.
  globals = {
    "tonumber", "rawequal", "load",
    string = { fields = {
      rep = { read_only = false }, upper = { read_only = false }, lower = { read_only = false },
      reverse = { read_only = false }, format = { read_only = false },
      packsize = { read_only = false }, pack = { read_only = false },
      unpack = { read_only = false }, byte = { read_only = false }, char = { read_only = false },
    } },
    table = { fields = {
      move = { read_only = false }, insert = { read_only = false }, remove = { read_only = false },
      concat = { read_only = false }, unpack = { read_only = false }, sort = { read_only = false },
    } },
    utf8 = { fields = {
      char = { read_only = false }, len = { read_only = false },
      codepoint = { read_only = false }, offset = { read_only = false },
      codes = { read_only = false },
    } },
    os = { fields = { date = { read_only = false } } },
  },
}

files["src/api/prelude.lua"] = {
  -- The start of the bindings chunk: the functions generated after it (src/api/lua_bindings.ts)
  -- use these locals, which luacheck cannot see from this file alone.
  ignore = {
    "211/error", "211/setmetatable", "211/m_.*", "211/local_def", "211/shader_list",
    "211/unknown_name",
    "241/CHECKS",
  },
}

files["src/lua/tagged_value.lua"] = {
  -- Pasted into the runtime chunk (src/lua/runtime_lua.ts), which calls read_value.
  ignore = { "211/read_value" },
}

files["src/cli/starter_game.lua"] = {
  -- Game code (the main.lua `moonglow new` writes): it defines callbacks as globals and uses the
  -- engine API. Its test checks it with `check` and the config generated for games.
  allow_defined_top = true,
  ignore = { "131" }, -- the engine calls the callbacks by name
  read_globals = { "engine" },
}
