-- The fixed start of the bindings chunk that src/api/lua_bindings.ts generates: cached globals,
-- error message builders (only called on failure, so the hot path stays a few comparisons), the
-- tagged-value encoder, asset lookup and the CVar checks. The generated functions appended after
-- it use its locals; the chunk's only vararg is the runtime's `rt` table.
local rt = ...
if type(rt) ~= "table" then error("moonglow api: the bindings chunk must be called with rt", 2) end
local type, error, tostring, tonumber, next, rawget, setmetatable, ipairs =
  type, error, tostring, tonumber, next, rawget, setmetatable, ipairs
-- Encoding what the bindings built themselves uses the runtime's uncharged pack and concat (game
-- calls are charged already; charging the engine's own encoding made a 10,000-entity spawn loop
-- overrun the default budget). Without a runtime (tests), the library's own.
local lib = rt.lib or {}
local pack, concat = lib.pack or string.pack, lib.concat or table.concat
-- The tables the bindings make (builders) take their metatables without the sandbox's checks, which
-- cost a builder a quarter of engine.spawn():build().
setmetatable = lib.setmetatable or setmetatable
local format, sort = string.format, table.sort
local HUGE, NHUGE, MAXI, NMAXI = math.huge, -math.huge, 2^53 - 1, -(2^53 - 1)
-- rt.command(f, op, kinds, checks, ...) makes a command's binding a C function (the runtime's command
-- sink) that checks and queues in one call, calling the generated Lua function f with what it
-- does not accept: f's errors then name the game's line one level further up. Without it (tests)
-- f is the binding.
local FAST = rt.command
local SLOW_LEVEL = FAST and 3 or 2
-- rt.read(f, rt, spec) does the same for a read binding (snapshot_read.c in the runtime): checks
-- and looks up in one C call, anything else through f.
local FAST_READ = rt.read
local READ_LEVEL = FAST_READ and 3 or 2
-- rt.builder(f, states, code, kinds, checks, ...) does the same for a builder method (the command sink):
-- checks and appends the record to the builder's state in one C call, anything else through f.
local FAST_BUILD = rt.builder
local BUILD_LEVEL = FAST_BUILD and 3 or 2
-- Deepest table a tagged value may hold: MAX_TAGGED_DEPTH in wire.ts (lua_prelude_test.ts checks).
local MAX_DEPTH <const> = 32
-- Node budget of one tagged value (guards against huge shared sub-tables).
local MAX_NODES <const> = 100000

-- Failure-path helpers: build "fn: argument i (name) must be ..., got ..." messages.
local function repr(v)
  local t = type(v)
  if t == "number" then
    if v ~= v then return "nan" elseif v == HUGE then return "inf" elseif v == NHUGE then return "-inf" end
    return tostring(v)
  elseif t == "string" then
    if #v > 40 then v = v:sub(1, 40) .. "..." end
    return format("%q", v)
  end
  return t
end
local function bad(f, i, p, what, v, by_value)
  return format("%s: argument %d (%s) must be %s, got %s", f, i, p, what, by_value and repr(v) or type(v))
end
local function range_text(min, max)
  if min and max then return format("in %s..%s", tostring(min), tostring(max)) end
  if min then return ">= " .. tostring(min) end
  return "<= " .. tostring(max)
end
local function m_number(f, i, p, v, min, max)
  if type(v) ~= "number" then return bad(f, i, p, "a number", v) end
  if v ~= v or v == HUGE or v == NHUGE then return bad(f, i, p, "a finite number", v, true) end
  return bad(f, i, p, "a number " .. range_text(min, max), v, true)
end
local function m_integer(f, i, p, v, min, max)
  if type(v) ~= "number" then return bad(f, i, p, "an integer", v) end
  if v % 1 ~= 0 then return bad(f, i, p, "an integer", v, true) end
  if v > MAXI or v < NMAXI then return bad(f, i, p, "a safe integer (below 2^53 in size)", v, true) end
  return bad(f, i, p, "an integer " .. range_text(min, max), v, true)
end
local function m_id(f, i, p, v)
  if type(v) ~= "number" then return bad(f, i, p, "an entity id (integer)", v) end
  return bad(f, i, p, "an entity id (a non-zero safe integer)", v, true)
end
local function m_type(f, i, p, v, what) return bad(f, i, p, what, v) end
-- A callback is named by a global function of the game. Its top level, where
-- functions may be defined later in the file, runs before any batch (rt.frame).
-- The C bindings call it too, unprotected (command_sink.c): it raises nothing of its own.
local function is_callback(name)
  return rt.frame == nil or type(rt.G[name]) == "function"
end
-- "; did you mean ...?" among the game's functions (rt.callback_hint, from the runtime), or "".
local function callback_hint(name)
  local h = type(name) == "string" and rt.callback_hint and rt.callback_hint(name) or ""
  return h ~= "" and "; " .. h or ""
end
local function m_callback(f, i, p, v)
  if type(v) ~= "string" then return bad(f, i, p, "a callback name (string)", v) end
  return bad(f, i, p, "the name of a global function", v, true) .. callback_hint(v)
end
-- A name that is not in a module table or among the builder methods: an error at the game's
-- line naming the close ones (rt.hint, the VM's native, words it as check does). Called from
-- an __index metamethod, so it only runs when a lookup has already failed.
local function unknown_name(kind, t, k)
  local h = rt.hint
  if h and type(k) == "string" then
    local names, n = {}, 0
    for name in next, t do
      if type(name) == "string" then n = n + 1; names[n] = name end
    end
    error(h(kind, k, concat(names, "\n", 1, n)), 3)
  end
  if kind == "builder" then error("unknown builder method " .. tostring(k), 3) end
  error("unknown " .. kind .. " function " .. kind .. "." .. tostring(k), 3)
end
-- Builders made (engine.spawn, engine.clone and twins); the runtime compares it with the ids the
-- callback built and resets it after each callback.
rt.made = 0
local function m_choice(f, i, p, v, list)
  return bad(f, i, p, "one of " .. list, v, type(v) == "string")
end
-- The C bindings call it too, unprotected (command_sink.c): it raises nothing of its own.
local function has_asset(kind, k)
  local s = rt.snap
  local a = s and s.assets
  a = a and a[kind]
  if a and a[k] then return true end
  local l = rt.local_assets
  l = l and l[kind]
  return l ~= nil and l ~= false and l[k] ~= nil
end
local function m_asset(f, i, p, v, kind)
  if type(v) ~= "string" then return bad(f, i, p, "a " .. kind .. " key (string)", v) end
  return bad(f, i, p, "a loaded " .. kind .. " key", v, true)
end
local function local_def(kind, k)
  local l = rt.local_assets
  l = l and l[kind]
  if l then return l[k] end
end
local function define_local(kind, k, v)
  local l = rt.local_assets
  if not l then l = {}; rt.local_assets = l end
  local t = l[kind]
  if t == nil then t = {}; l[kind] = t end
  t[k] = v
end

-- Tagged values: nil, false, true, number <d, string <s4, table <I4 n then sorted (key, value) pairs.
-- The runtime encodes them in C (lib.tagged, tools/lua_wasm/tagged_encoder.c); `enc` below gives the
-- same bytes and problems where it is missing (tests), and is what the C one is checked against.
local C_TAGGED = lib.tagged
-- What a value that cannot be encoded is told, by the encoders' name for its problem.
local function tagged_problem(problem, v)
  if problem == "finite" then return "is not a finite number (" .. repr(v) .. ")" end
  if problem == "key_range" then return "has a key out of range (" .. repr(v) .. ")" end
  if problem == "key_type" then return "has a " .. type(v) .. " key (only numbers and strings)" end
  if problem == "cycle" then return "contains a cycle" end
  if problem == "depth" then return "is nested deeper than " .. MAX_DEPTH end
  if problem == "size" then return "is too large (over " .. MAX_NODES .. " entries)" end
  return "is a " .. type(v) .. " (not encodable)"
end
local function key_lt(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta == "number" end
  return a < b
end
local function path_of(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return "." .. k end
  return "[" .. repr(k) .. "]"
end
-- Appends v's bytes to out[n + 1 ...]: the new n, or nil, the problem, the offending value and
-- the path to it.
local enc
enc = function(v, out, n, depth, open, budget)
  local t = type(v)
  if t == "nil" then n = n + 1; out[n] = "\0"
  elseif t == "boolean" then n = n + 1; out[n] = v and "\2" or "\1"
  elseif t == "number" then
    if v ~= v or v == HUGE or v == NHUGE then return nil, "finite", v, "" end
    n = n + 1; out[n] = pack("<Bd", 3, v)
  elseif t == "string" then n = n + 1; out[n] = pack("<Bs4", 4, v)
  elseif t == "table" then
    if open[v] then return nil, "cycle", v, "" end
    if depth >= MAX_DEPTH then return nil, "depth", v, "" end
    local keys, k = {}, 0
    for key in next, v do
      local kt = type(key)
      if kt == "number" then
        if key ~= key or key > MAXI or key < NMAXI then return nil, "key_range", key, "" end
      elseif kt ~= "string" then
        return nil, "key_type", key, ""
      end
      k = k + 1; keys[k] = key
    end
    budget[1] = budget[1] - k
    if budget[1] < 0 then return nil, "size", v, "" end
    sort(keys, key_lt)
    open[v] = true
    n = n + 1; out[n] = pack("<BI4", 5, k)
    for j = 1, k do
      local key = keys[j]
      if type(key) == "number" then n = n + 1; out[n] = pack("<Bd", 3, key)
      else n = n + 1; out[n] = pack("<Bs4", 4, key) end
      local e, culprit, p
      n, e, culprit, p = enc(rawget(v, key), out, n, depth + 1, open, budget)
      if not n then return nil, e, culprit, path_of(key) .. p end
    end
    open[v] = nil
  else
    return nil, "type", v, ""
  end
  return n
end
local function tagged(v)
  local s, problem, culprit, p
  if C_TAGGED then
    local keys
    s, problem, culprit, keys = C_TAGGED(v)
    if s then return s end
    p = ""
    for i = 1, #keys do p = p .. path_of(keys[i]) end
  else
    local out = {}
    s, problem, culprit, p = enc(v, out, 0, 0, {}, { MAX_NODES })
    if s then return concat(out, "", 1, s) end
  end
  return nil, (p == "" and "" or "field " .. p:gsub("^%.", "") .. " ") .. tagged_problem(problem, culprit)
end
local function m_tagged(f, i, p, e) return format("%s: argument %d (%s) %s", f, i, p, e) end
local function shader_list(v)
  if type(v) ~= "table" then return nil, "must be a list of shader keys, got " .. type(v) end
  local n, count = #v, 0
  for _ in next, v do count = count + 1 end
  if count ~= n then return nil, "must be a list (keys 1..n) of shader keys" end
  for j = 1, n do
    local s = v[j]
    if type(s) ~= "string" then return nil, format("must hold shader keys, item %d is a %s", j, type(s)) end
    if not has_asset("shader", s) then return nil, format("item %d must be a loaded shader key, got %s", j, repr(s)) end
  end
  return tagged(v)
end

-- Extra checks named by declarations: return an error text (without the "fn: " prefix), or nil and the value to encode.
local CHECKS = {}
local function cvar_def(name)
  local s = rt.snap
  local c = s and s.cvars
  c = c and c[name]
  if c then return c end
  local l = rt.local_assets
  l = l and l.cvar
  return l and l[name]
end
-- Text is read as the console reads it (src/cvar/value_types.ts): booleans
-- true/false/1/0/on/off in any case, numbers in plain decimal only.
local BOOL_WORDS = { ["true"] = true, ["1"] = true, on = true, ["false"] = false, ["0"] = false, off = false }
local function check_cvar_value(def, v, label)
  local t = def.type
  if t == "bool" then
    if v == 1 then v = true elseif v == 0 then v = false
    elseif type(v) == "string" then
      local w = BOOL_WORDS[v:match("^%s*(.-)%s*$"):lower()]
      if w ~= nil then v = w end
    end
    if type(v) ~= "boolean" then return label .. " must be a boolean, got " .. repr(v) end
    return nil, v
  elseif t == "int" or t == "float" then
    if type(v) == "string" and not v:find("[^%d%.eE+%-%s]") then v = tonumber(v) or v end
    if type(v) ~= "number" or v ~= v or v == HUGE or v == NHUGE then
      return label .. " must be a finite number, got " .. repr(v)
    end
    if t == "int" then
      if v % 1 ~= 0 or v > MAXI or v < NMAXI then return label .. " must be an integer, got " .. repr(v) end
    end
    if (def.min and v < def.min) or (def.max and v > def.max) then
      return label .. " must be " .. range_text(def.min, def.max) .. ", got " .. repr(v)
    end
    return nil, v
  elseif t == "string" then
    if type(v) ~= "string" then return label .. " must be a string, got " .. type(v) end
    local ch = def.choices
    if type(ch) == "table" and #ch > 0 then
      for j = 1, #ch do if ch[j] == v then return nil, v end end
      return label .. " must be one of " .. concat(ch, ", ") .. ", got " .. repr(v)
    end
    return nil, v
  end
  return "cvar type " .. repr(t) .. " is unknown"
end
-- Safety limits (instruction budget, memory cap ...) are flagged in the snapshot; the engine
-- refuses them too (src/engine/cvar_commands.ts), with the same words.
local PROTECTED = " cannot be changed by the game (an engine safety limit: set it from the console or with +set)"
CHECKS.cvar_set = function(name, v)
  local def = cvar_def(name)
  if not def then return format("argument 1 (name) must be a defined cvar, got %s", repr(name)) end
  if def.protected then return name .. PROTECTED end
  local e, nv = check_cvar_value(def, v, "argument 2 (value)")
  if e then return e .. " (cvar " .. name .. ")" end
  return nil, nv
end
local CVAR_TYPES = { int = true, float = true, bool = true, string = true }
CHECKS.cvar_define = function(name, def)
  if not name:match("^[%a_][%w_]*$") then return "argument 1 (name) must be an identifier, got " .. repr(name) end
  if not CVAR_TYPES[def.type] then
    return "argument 2 (def) field type must be one of int, float, bool, string, got " .. repr(def.type)
  end
  for _, f in ipairs({ "min", "max" }) do
    local x = def[f]
    if x ~= nil and (type(x) ~= "number" or x ~= x) then
      return "argument 2 (def) field " .. f .. " must be a number, got " .. repr(x)
    end
  end
  if def.choices ~= nil then
    if type(def.choices) ~= "table" then return "argument 2 (def) field choices must be a list of strings" end
    for j = 1, #def.choices do
      if type(def.choices[j]) ~= "string" then return "argument 2 (def) field choices must be a list of strings" end
    end
  end
  if def.description ~= nil and type(def.description) ~= "string" then
    return "argument 2 (def) field description must be a string"
  end
  if type(def.flags) == "table" then
    for j = 1, #def.flags do
      if def.flags[j] == "protected" then
        return "argument 2 (def) field flags may not hold protected (kept for the engine's safety limits)"
      end
    end
  end
  local e = check_cvar_value(def, def.default, "argument 2 (def) field default")
  if e then return e end
  define_local("cvar", name, def)
  return nil, def
end
-- console.execute: the CVar a line would set, read as the console reads it (console_target.ts).
local CONSOLE_COMMANDS = { exec = true, get = true, help = true, list = true, set = true }
local function first_word(t)
  local word = t:match("^[^%s(]*")
  return word, t:sub(#word + 1):match("^%s*(.*)$")
end
CHECKS.console_line = function(line)
  local word, rest = first_word(line:match("^%s*(.-)%s*$"))
  local name
  if word == "set" then name = first_word(rest)
  elseif rest ~= "" and not CONSOLE_COMMANDS[word] then name = word end
  local def = name and name ~= "" and cvar_def(name)
  if def and def.protected then return "argument 1 (cmd) would set " .. name .. ", which" .. PROTECTED end
  return nil, line
end
-- with_animation_rule: the shapes parseCondition (src/gameplay/animation_data.ts) reads.
local function condition_problem(c, at)
  if type(c) ~= "table" then return at .. " must be a condition table, got " .. type(c) end
  if type(c.has_flag) == "string" then return nil end
  for _, kind in ipairs({ "scalar", "integer" }) do
    if type(c[kind]) == "string" then
      for _, op in ipairs({ "gt", "lt", "eq" }) do
        if type(c[op]) == "number" then return nil end
      end
      return at .. " needs a number gt, lt or eq to compare " .. kind .. " " .. repr(c[kind]) .. " with"
    end
  end
  for _, kind in ipairs({ "all", "any" }) do
    local list = c[kind]
    if type(list) == "table" then
      for i = 1, #list do
        local e = condition_problem(list[i], at .. "." .. kind .. "[" .. i .. "]")
        if e then return e end
      end
      return nil
    end
  end
  if type(c["not"]) == "table" then return condition_problem(c["not"], at .. ".not") end
  return at .. " must have has_flag, scalar, integer, all, any or not"
end
CHECKS.anim_rule = function(condition, anim)
  local e = condition_problem(condition, "argument 1 (condition)")
  if e then return e end
  return nil, anim
end
-- with_phase: the table parsePhaseDef (src/gameplay/phase_data.ts) reads,
-- checked where the game writes it. Both shapes: callbacks (enter, update, exit) and phases (on_*).
local PHASE_SLOTS = { callbacks = { "enter", "update", "exit" }, phases = { "on_enter", "on_update", "on_exit" } }
-- Where a problem is, built only once there is one (a with_phase per spawn is common).
local function phase_where(field, name)
  return "argument 1 (def) field " .. field .. "." .. tostring(name)
end
CHECKS.phase_def = function(def)
  if type(def.initial) ~= "string" then
    return "argument 1 (def) field initial must be a phase name (string), got " .. repr(def.initial)
  end
  for field, slots in next, PHASE_SLOTS do
    local t = def[field]
    if t ~= nil then
      if type(t) ~= "table" then return "argument 1 (def) field " .. field .. " must be a table, got " .. type(t) end
      for name, v in next, t do
        if type(v) == "table" then
          for j = 1, #slots do
            local slot = slots[j]
            local fn = v[slot]
            if fn ~= nil and (type(fn) ~= "string" or not is_callback(fn)) then
              return phase_where(field, name) .. "." .. slot .. " must name a global function, got " .. repr(fn) ..
                callback_hint(fn)
            end
          end
        elseif field == "phases" or type(v) ~= "string" then
          return phase_where(field, name) .. " must be " ..
            (field == "phases" and "a table" or "a function name or a table") .. ", got " .. type(v)
        elseif not is_callback(v) then
          return phase_where(field, name) .. " must name a global function, got " .. repr(v) .. callback_hint(v)
        end
      end
    end
  end
  return nil, def
end
