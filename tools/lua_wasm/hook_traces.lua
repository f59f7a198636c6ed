-- Prints the hook events of a fixed program under count hooks of every interval from 1 to 13,
-- alone and mixed with call, return and line hooks, through coroutines and errors, with hooks
-- changed inside hooks and an error raised from one: hook_traces_test.ts runs it in stock Lua and
-- in Lua with the engine's patches, which must print the same.
local out = {}
local function rec(...) out[#out + 1] = table.concat({ ... }, " ") end
local function work(n)
  local s = 0
  for i = 1, n do
    if i % 3 == 0 then s = s + i else s = s - 1 end
    local t = { i, s }
    s = s + #t
  end
  return s
end
local function rec_fn(ev, line)
  local info = debug.getinfo(2, "Sl")
  rec(ev, tostring(line), info and info.currentline or -1, info and info.short_src or "?")
end
for _, mask in ipairs({ "", "c", "r", "l", "cr", "crl" }) do
  for count = 1, 13 do
    debug.sethook(rec_fn, mask, count)
    work(20)
    pcall(function() local x = nil; return x.y end)
    local co = coroutine.create(function(a) for i = 1, 5 do a = a + coroutine.yield(a * i) end return a end)
    local v = 1
    for _ = 1, 6 do v = select(2, coroutine.resume(co, v)) or 0 end
    debug.sethook()
    rec("--", mask, count)
  end
end
-- Hooks changed inside hooks, and errors from a hook.
local n = 0
debug.sethook(function(ev)
  n = n + 1
  rec("h", ev, debug.getinfo(2, "l").currentline)
  if n == 3 then debug.sethook(debug.gethook(), "c", 7) end
  if n == 9 then debug.sethook(debug.gethook(), "l", 0) end
  if n == 20 then debug.sethook(debug.gethook(), "", 5) end
end, "", 3)
work(30)
debug.sethook()
local ok, err = pcall(function()
  debug.sethook(function() error("from hook") end, "", 17)
  work(40)
end)
debug.sethook()
rec("err", tostring(ok), tostring(err))
print(#out)
io.write(table.concat(out, "\n"), "\n")
