-- Batch runtime, part 2 of 7: the command sink and the batch's output as it grows (packing,
-- streaming large output to JS). The parts run as one chunk, in the order runtime_lua.ts joins
-- them: each uses the locals of the parts before it.

-- The command sink. Bindings queue a command's pack format and values
-- (rt.put<k>) or its encoded bytes (rt.emit); flush() packs everything queued
-- with one string.pack, between callbacks, so a failed callback's commands
-- are cut off by resetting two counters.
local cf, cv, nf, nv = {}, {}, 0, 0
-- rt.put1 .. rt.put12 (MAX_PUT_VALUES in runtime_lua.ts; batch_runtime_test.ts checks), one per
-- arity: a vararg function would cost a frame copy per command. One store per statement through
-- a local: no upvalue reload, no temporaries.
function rt.put1(f, size, v1)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 1
  t[j + 1] = v1
end
function rt.put2(f, size, v1, v2)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 2
  t[j + 1] = v1; t[j + 2] = v2
end
function rt.put3(f, size, v1, v2, v3)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 3
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3
end
function rt.put4(f, size, v1, v2, v3, v4)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 4
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4
end
function rt.put5(f, size, v1, v2, v3, v4, v5)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 5
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5
end
function rt.put6(f, size, v1, v2, v3, v4, v5, v6)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 6
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
end
function rt.put7(f, size, v1, v2, v3, v4, v5, v6, v7)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 7
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7
end
function rt.put8(f, size, v1, v2, v3, v4, v5, v6, v7, v8)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 8
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8
end
function rt.put9(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 9
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9
end
function rt.put10(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 10
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10
end
function rt.put11(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 11
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10; t[j + 11] = v11
end
function rt.put12(f, size, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12)
  local r = room - size
  if r < 0 then return too_many_commands() end
  room = r; nf = nf + 1; cf[nf] = f
  local t, j = cv, nv; nv = j + 12
  t[j + 1] = v1; t[j + 2] = v2; t[j + 3] = v3; t[j + 4] = v4; t[j + 5] = v5; t[j + 6] = v6
  t[j + 7] = v7; t[j + 8] = v8; t[j + 9] = v9; t[j + 10] = v10; t[j + 11] = v11; t[j + 12] = v12
end
local BLOB = setmetatable({}, { __index = function(t, n) local f = "c" .. n; t[n] = f; return f end })
function rt.emit(bytes)
  local n = #bytes
  local r = room - n
  if r < 0 then return too_many_commands() end
  room = r
  nf = nf + 1; cf[nf] = BLOB[n]
  nv = nv + 1; cv[nv] = bytes
end
-- Values a format takes, for packing a long queue in pieces.
local sgsub = string.gsub
local ARITY = setmetatable({}, { __index = function(t, f)
  local _, k = sgsub(f, "%a%d*", ""); t[f] = k; return k
end })
-- finish() flushes once FLUSH_AT values are queued (one string.pack takes them all); one pack takes
-- up to twice that, so only a single callback queueing thousands is cut in pieces.
local FLUSH_AT, PACK_MAX = 4096, 8192
local hw = 0 -- most values queued at once in this batch (cleared at its end)
-- A batch's output is held in this state's memory (capped) until it returns.
-- Once STREAM_AT bytes of commands are queued, or of packed commands or
-- extras are held, they are packed and handed to JS (priv.out, sections 0
-- and 1: the reply is section 0, section 1, then the returned string), so
-- the output of many callbacks never adds up in Lua memory. Small batches
-- never reach it.
local out, STREAM_AT = priv.out, 1024 * 1024
local pending, held, held_x, streamed_x = 0, 0, 0, false
-- Commands packed so far in this batch (nf counts those still queued): a profiled run's
-- commands are the difference across it.
local packed = 0
local function flush()
  if nf == 0 then return end
  packed = packed + nf
  if nv > hw then hw = nv end
  local from = nres + 1
  if nv <= PACK_MAX then
    nres = nres + 1
    results[nres] = spack("<" .. concat(cf, "", 1, nf), tunpack(cv, 1, nv))
  else
    -- One callback queued more values than one call can take: pack in pieces.
    local i, j = 1, 0
    while i <= nf do
      local k, vals = i, 0
      repeat vals = vals + ARITY[cf[k]]; k = k + 1 until k > nf or vals + ARITY[cf[k]] > PACK_MAX
      nres = nres + 1
      results[nres] = spack("<" .. concat(cf, "", i, k - 1), tunpack(cv, j + 1, j + vals))
      i, j = k, j + vals
    end
  end
  if pending > STREAM_AT then
    -- Large values (strings) queued: let them go now rather than at the batch's end.
    for k = 1, nv do cv[k] = nil end
  end
  for k = from, nres do held = held + #results[k] end
  if held > STREAM_AT then
    out(0, concat(results, "", 1, nres))
    for k = 1, nres do results[k] = nil end
    nres, held = 0, 0
  end
  nf, nv, pending = 0, 0, 0
end
-- Book extras, handing them to JS once STREAM_AT bytes are held.
local function add_extra(e)
  nextra = nextra + 1
  extras[nextra] = e
  held_x = held_x + #e
  if held_x > STREAM_AT then
    out(1, concat(extras, "", 1, nextra))
    for k = 1, nextra do extras[k] = nil end
    nextra, held_x, streamed_x = 0, 0, true
  end
end
function rt.next_id() prov = prov - 1; return prov end
