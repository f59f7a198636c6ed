-- read_value(s, pos) for the runtime chunk (src/lua/runtime_lua.ts), which pastes this file in.
local read_value
do
  local sunpack, mtype = string.unpack, math.type
  local MAX_DEPTH = 32
  local function read(s, pos, depth)
    local tag
    tag, pos = sunpack("B", s, pos)
    if tag == 0 then return nil, pos
    elseif tag == 1 then return false, pos
    elseif tag == 2 then return true, pos
    elseif tag == 3 then return sunpack("<d", s, pos)
    elseif tag == 6 then
      local n
      n, pos = sunpack("<d", s, pos)
      return math.tointeger(n) or n, pos
    elseif tag == 4 then return sunpack("<s4", s, pos)
    elseif tag == 5 then
      if depth >= MAX_DEPTH then error("table nested too deep", 0) end
      local n
      n, pos = sunpack("<I4", s, pos)
      local t = {}
      for _ = 1, n do
        local k, v
        k, pos = read(s, pos, depth + 1)
        v, pos = read(s, pos, depth + 1)
        if mtype(k) == "float" and k == math.floor(k) then k = math.tointeger(k) end
        if k ~= nil then t[k] = v end
      end
      return t, pos
    end
    error("unknown value tag " .. tostring(tag), 0)
  end
  read_value = function(s, pos) return read(s, pos, 0) end
end
