-- Charges for the C library functions whose work grows with their input. Their loops run in C
-- with no count hook inside, so each call is charged to the instruction budget before it runs,
-- in proportion to the work its arguments ask for, or is refused by the budget. Rates are
-- measured in this wasm build, where an instruction under the count hook takes about 5 ns.
-- The pattern functions are JS natives that charge their own steps (string_natives.ts).
--
-- C's table functions read and write elements with lua_geti/lua_seti, which follow __index and
-- __newindex (a chain of up to 2000 tables per access, all in C) and take the length from
-- __len. For a table whose metatable has any of these fields the same loops run here in Lua,
-- where every access is an instruction; any other table goes to C, charged per element.
--
-- Runs before sandbox.lua, under its chunk name, with the natives table LuaVm implements.
local N = ...
local string, table, utf8, os, math = string, table, utf8, os, math
local type, select, error, tostring, load, ipairs = type, select, error, tostring, load, ipairs
local rawget, rawlen, rawequal = rawget, rawlen, rawequal
local raw_getmetatable = debug.getmetatable
local tointeger, ult, maxinteger, log = math.tointeger, math.ult, math.maxinteger, math.log
local charge = N.charge
local concat, unpack, move = table.concat, table.unpack, table.move
local insert, remove, sort = table.insert, table.remove, table.sort
local rep, byte, format, gsub = string.rep, string.byte, string.format, string.gsub
local pack = string.pack
-- Called as fields, so that C's argument errors name them as Lua does ('len', 'offset' ...).
local U = { len = utf8.len, codepoint = utf8.codepoint, offset = utf8.offset, codes = utf8.codes }
local date = os.date

-- The C functions themselves, for the engine's batch runtime (priv.lib): it packs and unpacks
-- its own protocol with them, on every callback (a charge there could fail a stopped state's
-- whole batch instead of its callbacks one by one). setmetatable is the one the sandbox has not
-- wrapped yet: the bindings give engine-made tables (a builder per spawn) their metatables with it.
-- tagged is the bindings' tagged-value encoder (tools/lua_wasm/tagged_encoder.c), which charges
-- its own work.
N.lib = {
  pack = pack, unpack = string.unpack, concat = concat, tunpack = unpack, rep = rep,
  setmetatable = setmetatable, tagged = N.tagged_encoder(),
}

-- Work below this many instructions is not worth a call into the engine to charge it.
local FREE <const> = 64
local function pay(n)
  if n > FREE then charge(n) end
end

-- Number of positions i..j (string.byte conventions) within a string of length len.
local function span(len, i, j)
  i, j = tointeger(i), tointeger(j)
  if not i or not j then return 0 end -- C raises the argument error
  if i < 0 then i = len + i + 1 end
  if j < 0 then j = len + j + 1 end
  if i < 1 then i = 1 end
  if j > len then j = len end
  return j >= i and j - i + 1 or 0
end

local function text_len(v)
  local t = type(v)
  if t == "string" then return #v end
  if t == "number" then return #tostring(v) end
  return nil
end

-- Strings ----------------------------------------------------------------------------------

-- A repetition is a memcpy call (about one instruction) plus its bytes (8 per instruction).
-- Nothing is charged when the result cannot be allocated at all: C then fails before its loop.
-- Every wrapper passes its arguments on as it got them ("got no value" is not "got nil").
string.rep = function(...)
  local s, n, sep = ...
  local k, ls, lsep = tointeger(n), text_len(s), sep == nil and 0 or text_len(sep)
  if k and k > 0 and ls and lsep then
    local total = ls * k + lsep * (k - 1)
    if total == 0 then return "" end -- C would loop k times doing nothing
    if total < 1 << 26 then pay(k + total / 8) end
  end
  return rep(...)
end

-- Functions whose work is the length of their first argument when it is a string (a format's
-- own length: the values it copies are paid as memory), and those whose work is their number
-- of arguments. Each wrapper calls its C function through a local of the function's own name,
-- so that C's argument errors name it as for a direct call ("bad argument #1 to 'upper'"): one
-- text, compiled once per function under this chunk's name. The limit and cost are Lua
-- expressions over FREE and the size `s`.
local BY_LENGTH = [[
local type, select, charge, NAME = ...
return function(...)
  local s = ...
  if type(s) == "string" and #s > LIMIT then charge(COST) end
  return NAME(...)
end]]
local BY_COUNT = [[
local type, select, charge, NAME = ...
return function(...)
  local s = select("#", ...)
  if s > LIMIT then charge(COST) end
  return NAME(...)
end]]
local SELF = debug.getinfo(1, "S").source
for _, w in ipairs({
  -- { library, name, template, limit, cost }
  { string, "upper", BY_LENGTH, "4 * FREE", "#s / 4" },
  { string, "lower", BY_LENGTH, "4 * FREE", "#s / 4" },
  { string, "reverse", BY_LENGTH, "4 * FREE", "#s / 4" },
  { _G, "tonumber", BY_LENGTH, "4 * FREE", "#s / 4" },
  { string, "format", BY_LENGTH, "2 * FREE", "#s / 2" },
  { string, "packsize", BY_LENGTH, "FREE", "#s" },
  { string, "pack", BY_LENGTH, "FREE", "#s" },
  { string, "unpack", BY_LENGTH, "FREE / 2", "2 * #s" },
  { string, "char", BY_COUNT, "FREE / 2", "2 * s" },
  { utf8, "char", BY_COUNT, "FREE / 8", "8 * s" },
}) do
  local lib, name, text, limit, cost = w[1], w[2], w[3], w[4], w[5]
  text = format("local FREE <const> = %d\n", FREE) ..
    gsub(gsub(gsub(text, "NAME", name), "LIMIT", limit), "COST", cost)
  lib[name] = load(text, SELF, "t")(type, select, charge, lib[name])
end
string.byte = function(...)
  local s, i, j = ...
  if j ~= nil then -- else one value at most
    local len = text_len(s)
    if len then pay(2 * span(len, i == nil and 1 or i, j)) end
  end
  return byte(...)
end

utf8.len = function(...)
  local s, i, j = ...
  local len = text_len(s)
  if len then pay(span(len, i == nil and 1 or i, j == nil and -1 or j) / 4) end
  return U.len(...)
end
utf8.codepoint = function(...)
  local s, i, j = ...
  local len = text_len(s)
  if len then
    local from = i == nil and 1 or i
    pay(span(len, from, j == nil and from or j))
  end
  return U.codepoint(...)
end
utf8.offset = function(...)
  local len = text_len((...))
  if len then pay(len / 4) end
  return U.offset(...)
end
-- The iterator skips continuation bytes in C: over a long run of them (never valid UTF-8: a
-- character has at most five) one call scans to the end of the string.
local function is_cont(b) return b ~= nil and b >= 0x80 and b < 0xC0 end
utf8.codes = function(...)
  local iterate, subject, start = U.codes(...)
  return function(str, n)
    if type(str) == "string" then
      local k = tointeger(n) or 0
      if k >= 0 and is_cont(byte(str, k + 1)) then
        local _, b2, b3, b4, b5, b6 = byte(str, k + 1, k + 6)
        if is_cont(b2) and is_cont(b3) and is_cont(b4) and is_cont(b5) and is_cont(b6) then
          pay((#str - k) / 16)
        end
      end
    end
    return iterate(str, n)
  end, subject, start
end

_G.rawequal = function(...)
  local a, b = ...
  if type(a) == "string" and type(b) == "string" and #a == #b then pay(#a / 16) end
  return rawequal(...)
end
-- Parsing costs about two instructions a byte; a reader function is paid piece by piece.
_G.load = function(...)
  local chunk = ...
  if type(chunk) == "string" then
    pay(2 * #chunk)
  elseif type(chunk) == "function" then
    local reader = chunk
    return load(function()
      local piece = reader()
      if type(piece) == "string" then pay(2 * #piece) end
      return piece
    end, select(2, ...))
  end
  return load(...)
end
-- Each conversion is a call into JS (strftime), about 3 us.
os.date = function(...)
  local fmt = ...
  if type(fmt) == "string" then pay(300 * #fmt) end
  return date(...)
end

-- Tables -----------------------------------------------------------------------------------

local function bare(t)
  local mt = raw_getmetatable(t)
  return mt == nil or (rawget(mt, "__index") == nil and rawget(mt, "__newindex") == nil
    and rawget(mt, "__len") == nil)
end

-- luaL_len: the length, which must be an integer.
local function length(t)
  local n = tointeger(#t)
  if n == nil then error("object length is not an integer") end
  return n
end

table.insert = function(...)
  local t, p, v = ...
  -- Appending is one access whatever the table; anything but a shift can go to C.
  if select("#", ...) ~= 3 or type(t) ~= "table" then return insert(...) end
  if bare(t) then
    local pos = tointeger(p)
    if pos then pay(2 * (rawlen(t) - pos + 1)) end
    return insert(...)
  end
  local e = length(t) + 1
  local pos = tointeger(p)
  if pos == nil then return insert({}, p, v) end -- C raises the argument error
  if not ult(pos - 1, e) then error("bad argument #2 to 'insert' (position out of bounds)") end
  for i = e, pos + 1, -1 do t[i] = t[i - 1] end
  t[pos] = v
end

table.remove = function(...)
  local t, p = ...
  if type(t) ~= "table" then return remove(...) end
  if bare(t) then
    local pos = tointeger(p)
    if pos then pay(2 * (rawlen(t) - pos)) end
    return remove(...)
  end
  local size = length(t)
  local pos = size
  if p ~= nil then
    pos = tointeger(p)
    if pos == nil then return remove({}, p) end -- C raises the argument error
    if pos ~= size and not (ult(pos - 1, size) or pos - 1 == size) then
      error("bad argument #2 to 'remove' (position out of bounds)")
    end
  end
  local result = t[pos]
  for i = pos, size - 1 do t[i] = t[i + 1] end
  t[pos < size and size or pos] = nil
  return result
end

table.concat = function(...)
  local t, sep, i, j = ...
  if i == nil and j == nil and type(t) == "table" and raw_getmetatable(t) == nil then
    local n = #t
    if n > FREE / 4 then charge(4 * n) end
    return concat(...)
  end
  if type(t) ~= "table" then return concat(...) end
  local plain = bare(t)
  local last = plain and rawlen(t) or length(t)
  local from, to = i == nil and 1 or tointeger(i), j == nil and last or tointeger(j)
  if not from or not to or (sep ~= nil and not text_len(sep)) then
    return concat({}, sep, i, j) -- C raises the argument error
  end
  if plain then
    -- C stops at the first nil, at the latest just after the border.
    local stop = from <= last + 1 and to > last + 1 and last + 1 or to
    if stop >= from then pay(4 * (stop - from + 1)) end
    return concat(...)
  end
  local parts = {}
  for k = from, to do
    local v = t[k]
    if not text_len(v) then
      error(format("invalid value (%s) at index %d in table for 'concat'", type(v), k))
    end
    parts[k - from + 1] = v
  end
  if to >= from then pay(4 * (to - from + 1)) end
  return concat(parts, sep)
end

-- A table of results is built in Lua for a table with a metatable; C refuses too many first.
local MAX_RESULTS <const> = 1000000
table.unpack = function(...)
  local t, i, j = ...
  if i == nil and j == nil and type(t) == "table" and raw_getmetatable(t) == nil then
    local n = #t
    if n > FREE / 2 then charge(2 * n) end
    return unpack(...)
  end
  local from = i == nil and 1 or tointeger(i)
  if not from then return unpack(...) end -- C raises the argument error
  local plain = type(t) ~= "table" or bare(t)
  local to
  if j ~= nil then
    to = tointeger(j)
  elseif type(t) == "string" then
    to = #t
  elseif type(t) == "table" then
    to = plain and rawlen(t) or length(t)
  end
  if not to or from > to then return unpack(...) end -- C raises the error, or returns nothing
  if plain or to - from >= MAX_RESULTS or to - from < 0 then
    if to - from >= 0 and to - from < MAX_RESULTS then pay(2 * (to - from + 1)) end
    return unpack(t, from, to)
  end
  local values = {}
  for k = from, to do values[k - from + 1] = t[k] end
  pay(2 * (to - from + 1))
  return unpack(values, 1, to - from + 1)
end

table.move = function(...)
  local a1, f, e, t, a2 = ...
  local from, to, at = tointeger(f), tointeger(e), tointeger(t)
  local dest = a2
  if dest == nil then dest = a1 end
  if not (from and to and at and to >= from and type(dest) == "table"
      and (type(a1) == "table" or type(a1) == "string")) then
    return move(...) -- nothing to move, or C raises the argument error
  end
  if (type(a1) == "string" or bare(a1)) and bare(dest) then
    local n = to - from + 1
    if (from > 0 or to < maxinteger + from) and at <= maxinteger - n + 1 then pay(2 * n) end
    return move(...)
  end
  if not (from > 0 or to < maxinteger + from) then
    error("bad argument #3 to 'move' (too many elements to move)")
  end
  local n = to - from + 1
  if at > maxinteger - n + 1 then error("bad argument #4 to 'move' (destination wrap around)") end
  if at > to or at <= from or (a2 ~= nil and a1 ~= dest) then
    for k = 0, n - 1 do dest[at + k] = a1[from + k] end
  else
    for k = n - 1, 0, -1 do dest[at + k] = a1[from + k] end
  end
  return dest
end

-- About n log n comparisons of two instructions each; comparing strings reads them (8 bytes an
-- instruction) up to the first difference, so an array that may hold strings (unless both ends
-- are numbers, when comparing a number with a string fails at once) pays for its longest.
local function sort_plain(t, n, ...)
  local cmp = select(2, ...)
  if n > 1 then
    local per = 2
    if cmp == nil and (type(rawget(t, 1)) ~= "number" or type(rawget(t, n)) ~= "number") then
      local longest = 0
      for k = 1, n do
        local v = rawget(t, k)
        if type(v) == "string" and #v > longest then longest = #v end
      end
      per = per + longest / 8
    end
    pay(n * (log(n, 2) + 1) * per)
  end
  return sort(...)
end

-- For a table with a metatable the elements are sorted in a plain copy and written back: the
-- same order, but a failing comparison leaves the table as it was instead of half sorted.
table.sort = function(...)
  local t, cmp = ...
  if type(t) ~= "table" or (cmp ~= nil and type(cmp) ~= "function") then
    return sort(...) -- C raises the argument error
  end
  if bare(t) then return sort_plain(t, rawlen(t), ...) end
  local n = length(t)
  if n >= 0x7fffffff then error("bad argument #1 to 'sort' (array too big)") end
  local values = {}
  for k = 1, n do values[k] = t[k] end
  sort_plain(values, n, values, cmp)
  for k = 1, n do t[k] = values[k] end
end
