-- Serves the native reference (reference.lua) to bench/_reference.ts over
-- stdin/stdout, one line each way, so that its frames can be timed by wall
-- clock and interleaved with the engine's:
--   swarm N CALLBACK | storm PAIRS MODE  ->  "ok ID"  (a new world)
--   frame ID                             ->  "ok"     (one frame)
--   checksum ID                          ->  "ok SUM"
--   ping                                 ->  "ok"
--
--   lua5.4 bench/lua/reference_driver.lua bench/lua
local dir = ...
package.path = dir .. "/?.lua;" .. package.path
local ref = require("reference")
local worlds = {}
local out = io.stdout

local function answer(s)
  out:write(s, "\n")
  out:flush()
end

for line in io.lines() do
  local cmd, a, b = line:match("^(%a+)%s*(%S*)%s*(%S*)$")
  if cmd == "frame" then
    worlds[tonumber(a)].frame()
    answer("ok")
  elseif cmd == "ping" then
    answer("ok")
  elseif cmd == "swarm" or cmd == "storm" then
    worlds[#worlds + 1] = ref[cmd](tonumber(a), b)
    answer("ok " .. #worlds)
  elseif cmd == "checksum" then
    answer("ok " .. worlds[tonumber(a)].checksum())
  else
    answer("error " .. line)
  end
end
