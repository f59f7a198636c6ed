-- Batch runtime, part 6 of 7: what the callbacks of a profiled batch cost.

-- Profiling (batch_profile.ts): a batch whose header has the PROFILE flag runs its callbacks with
-- counted_call, times each run with prof_begin / prof_end (a clock read costs a call out of wasm:
-- per run, not per callback), and sums the runs of each function and kind into one cost record
-- appended to the reply. With the EACH flag too, counted_call records each callback's cost in C
-- instead (hot_path.c: a clock read per run of one function's callbacks, whose time they share by
-- their instructions), and the reply carries them in order, with
-- no names (the engine knows what it sent): the engine then counts only the callbacks whose
-- outcomes it keeps (a collision batch may be cut, and the callbacks after the cut run again).
-- An unprofiled batch does none of this. A profiled one allocates only its records' string:
-- garbage made per batch would bring the collector's work (a traversal of the whole state per
-- cycle) into every small batch.
local PROFILE, PROFILED = const(proto, "profile_flag"), const(proto, "profiled_mark")
local prof_begin, prof_end = priv.prof_begin, priv.prof_end
-- Each callback's cost (one local: the joined runtime is near Lua's 200): the header flag that
-- asks for them, arm(n) to record the next n callbacks' (arm(0): none), and records() for the
-- reply, the costs recorded and the trailer that says what they are.
local each_cost
do
  local MARK, take = const(proto, "each_cost_mark"), priv.take_costs
  each_cost = {
    flag = const(proto, "each_cost_flag"),
    arm = priv.each_costs,
    -- The costs, their byte length and MARK, in one string made in C.
    records = function() return take(MARK) end,
  }
end
-- records[kind][name] = { kind, name, calls, ms, instructions, commands, errors }, zeroed once
-- sent; touched lists the ones this batch booked, in order.
local records, touched, ntouched = {}, {}, 0
local function book_run(kind, name, count, commands_before)
  local ms, ins, errs = prof_end()
  local by_name = records[kind]
  if not by_name then by_name = {}; records[kind] = by_name end
  local c = by_name[name]
  if not c then c = { kind, name, 0, 0, 0, 0, 0 }; by_name[name] = c end
  if c[3] == 0 then ntouched = ntouched + 1; touched[ntouched] = c end
  c[3], c[4], c[5] = c[3] + count, c[4] + ms, c[5] + ins
  c[6], c[7] = c[6] + count_commands() - commands_before, c[7] + errs
end
-- Forget what the touched records hold (once sent).
local function clear_records()
  for i = 1, ntouched do
    local c = touched[i]
    c[3], c[4], c[5], c[6], c[7] = 0, 0, 0, 0, 0
    touched[i] = nil
  end
  ntouched = 0
end
-- One record is 33 bytes and its name; one string.pack takes them all and the trailer.
local RECORD, RECORD_BYTES = "Bs4I4ddI4I4", 33
local record_formats = setmetatable({}, { __index = function(t, n)
  local f = "<" .. srep(RECORD, n) .. "I4I4"; t[n] = f; return f
end })
local record_values = {}
local function cost_records()
  local v, j, bytes = record_values, 0, 0
  for i = 1, ntouched do
    local c = touched[i]
    v[j + 1], v[j + 2], v[j + 3], v[j + 4], v[j + 5], v[j + 6], v[j + 7] =
      c[1], c[2], c[3], c[4], c[5], c[6], c[7]
    j = j + 7
    bytes = bytes + RECORD_BYTES + #c[2]
  end
  v[j + 1], v[j + 2] = bytes, PROFILED
  local block = spack(record_formats[ntouched], tunpack(v, 1, j + 2))
  clear_records()
  return block
end

