// Generated from tagged_value.lua by `deno task embed-lua`; do not edit.

/**
 * The text of `tagged_value.lua`.
 *
 * @example
 * ```ts
 * import { TAGGED_VALUE_LUA } from "./tagged_value_lua.ts";
 * TAGGED_VALUE_LUA.length > 0; // true
 * ```
 */
export const TAGGED_VALUE_LUA: string =
  '-- read_value(s, pos) for the runtime chunk (src/lua/runtime_lua.ts), which pastes this file in.\nlocal read_value\ndo\n  local sunpack, mtype = string.unpack, math.type\n  local MAX_DEPTH = 32\n  local function read(s, pos, depth)\n    local tag\n    tag, pos = sunpack("B", s, pos)\n    if tag == 0 then return nil, pos\n    elseif tag == 1 then return false, pos\n    elseif tag == 2 then return true, pos\n    elseif tag == 3 then return sunpack("<d", s, pos)\n    elseif tag == 6 then\n      local n\n      n, pos = sunpack("<d", s, pos)\n      return math.tointeger(n) or n, pos\n    elseif tag == 4 then return sunpack("<s4", s, pos)\n    elseif tag == 5 then\n      if depth >= MAX_DEPTH then error("table nested too deep", 0) end\n      local n\n      n, pos = sunpack("<I4", s, pos)\n      local t = {}\n      for _ = 1, n do\n        local k, v\n        k, pos = read(s, pos, depth + 1)\n        v, pos = read(s, pos, depth + 1)\n        if mtype(k) == "float" and k == math.floor(k) then k = math.tointeger(k) end\n        if k ~= nil then t[k] = v end\n      end\n      return t, pos\n    end\n    error("unknown value tag " .. tostring(tag), 0)\n  end\n  read_value = function(s, pos) return read(s, pos, 0) end\nend\n';
