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
    "211/error", "211/setmetatable", "311/setmetatable", "211/m_.*", "211/local_def", "211/shader_list",
    "211/unknown_name", "211/SLOW_LEVEL", "211/READ_LEVEL", "211/BUILD_LEVEL",
    "241/CHECKS",
  },
}

-- The batch runtime's parts run as one chunk (src/lua/runtime_lua.ts joins them in order), so
-- a part reads and assigns the locals of the parts before it, which luacheck, reading one file,
-- takes for globals; and a part's locals that only later parts use look unused.
files["src/lua/batch_runtime.lua"] = {
  ignore = {
    "211/CALL", "211/CHUNK", "211/COLLISION", "211/CVAR", "211/FAILED", "211/H", "211/LOG_LINES",
    "211/MENU", "211/OK_WITH_EXTRAS", "211/PHASE_ENTER", "211/SCENE_UPDATE", "211/TIMER",
    "211/api", "211/call", "211/collectgarbage", "211/concat", "211/counted_call", "211/extras",
    "211/load_text", "211/memory_hit", "211/next", "211/nextra", "211/nres", "211/prov",
    "211/random", "211/randomseed", "211/read_value", "211/results", "211/rt",
    "211/select", "211/setmetatable", "211/sgsub", "211/spack", "211/srep", "211/ssub",
    "211/sunpack",
    "211/text_room", "211/tointeger",
    "211/too_many_commands", "211/tostring", "211/tunpack", "211/type",
  },
}

files["src/lua/batch_sink.lua"] = {
  read_globals = {
    "COMMAND_CAP", "concat", "priv", "too_many_commands",
  },
  globals = {
    "extras", "nextra", "nres", "prov", "results", "rt",
  },
  ignore = {
    "211/add_extra", "211/count_commands", "211/drop_commands", "211/flush", "211/reset_commands",
    "231/streamed_x",
  },
}

files["src/lua/batch_game_env.lua"] = {
  read_globals = {
    "LOG_LINES", "TEXT_CAP", "api", "caller", "concat", "const", "megabytes", "priv", "proto",
    "random", "randomseed", "spack",
  },
  globals = {
    "G", "rt", "text_room",
  },
  ignore = {
    "211/sink_live", "241/logs", "231/noted",
  },
}

files["src/lua/batch_decode.lua"] = {
  read_globals = {
    "concat", "const", "load_text", "mtype", "next", "priv", "proto", "setmetatable", "sformat",
    "sgsub", "srep", "sunpack", "tointeger",
  },
  globals = { "noted" },
  ignore = {
    "211/coll_ro", "211/new_pool", "211/fill_sides", "211/input", "211/menu_ro",
    "211/read_shape", "211/set_components", "231/comp_over", "241/comp_reads",
    "211/entity_context_code", "211/pair_context_code", "211/coll_ctx",
    "211/read_signals", "211/remember", "211/context_fields",
  },
}

files["src/lua/batch_callbacks.lua"] = {
  read_globals = {
    "CALL", "CHUNK", "COLLISION", "CVAR", "FAILED", "G", "H", "MENU",
    "OK_WITH_EXTRAS", "SCENE_UPDATE", "SIGNALS", "STREAM_AT", "TEXT_CAP", "TIMER", "add_extra",
    "call", "coll_ro", "concat", "const", "new_pool", "fill_sides",
    "flush", "input", "load_text", "megabytes", "memory_hit", "menu_ro", "proto", "read_shape", "read_value", "sides_a", "sides_b", "spack", "ssub",
    "sunpack", "tointeger", "tunpack", "comp_reads", "drop_commands", "unpacker", "srep",
    "priv", "entity_context_code", "pair_context_code", "read_signals", "remember", "sformat",
  },
  globals = {
    "coll_ctx", "comp_nreads", "comp_over", "logs", "menu_ctx", "nlogs", "noted", "pending", "prov",
    "rt", "text_room",
  },
  ignore = {
    "211/TOC_CHUNK", "211/input_id", "211/refused", "211/run_entities", "211/run_others",
    "211/run_collisions",
    "211/snap_id", "211/toc_format", "231/snap_id", "241/snap_bytes", "241/snap_stores",
    "211/mirror_reset",
    "241/rl", "241/toc",
  },
}

files["src/lua/batch_profile.lua"] = {
  read_globals = {
    "const", "count_commands", "priv", "proto", "spack", "srep", "tunpack",
  },
  ignore = {
    "211/PROFILE", "211/book_run", "211/cost_records", "231/each_cost", "211/prof_begin",
  },
}

files["src/lua/batch_entry.lua"] = {
  read_globals = {
    "COLLISION", "PHASE_ENTER", "PROFILE", "TEXT_CAP", "TIMER", "TOC_CHUNK",
    "book_run", "clear_records", "concat", "cost_records", "counted_call", "each_cost",
    "flush", "out", "pcall_cb", "priv",
    "prof_begin", "proto", "read_value", "readonly", "refused", "run_collisions", "run_entities",
    "run_others", "sink", "spack", "count_commands", "reset_commands",
    "mirror_reset", "set_components", "sunpack", "toc", "toc_format", "tunpack", "view",
    "LOAD_SEED_A", "LOAD_SEED_B", "set_seed", "context_fields",
  },
  globals = {
    "call", "comp_at", "comp_nreads", "comp_over", "extras", "held", "held_x", "input",
    "input_id", "logs", "nextra", "nlogs", "noted", "nres", "nrl", "nt", "pending",
    "results", "rl", "rt", "sink_live", "snap_bytes",
    "snap_id", "snap_stores", "streamed_x", "text_room",
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
