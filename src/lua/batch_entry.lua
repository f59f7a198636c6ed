-- Batch runtime, part 7 of 7: the batch entry point (header, tables, runs, the assembled reply),
-- its registration, and the reload hook.

-- The snapshot comes as fields, each its own string (batch_head.ts): a field whose bytes did not
-- change keeps the view decoded last time, so a new world signal does not decode the CVars again.
-- The components field is binary, decoded an entity at a time as callbacks read it.
-- (A collision callback's world-signal writes change the stores of those views: see rt.mirror.)
local snap_views = {}
local function read_snapshot(s, p)
  local n
  n, p = sunpack("<I4", s, p)
  local t = {}
  for _ = 1, n do
    local key, bytes
    key, bytes, p = sunpack("<s4s4", s, p)
    local v = snap_views[key]
    if snap_bytes[key] ~= bytes then
      if key == "components" then v = set_components(bytes)
      else
        v = read_value(bytes, 1)
        snap_stores[key] = v
        if type(v) == "table" then v = readonly(v, "snapshot") end
      end
      snap_bytes[key], snap_views[key] = bytes, v
    end
    t[key] = v
  end
  return view(t, "snapshot"), p
end

-- Append list[1..n] to the results as <i8> each, a chunk at a time.
local function add_i8s(list, n)
  for c = 0, n - 1, TOC_CHUNK do
    local k = n - c
    if k > TOC_CHUNK then k = TOC_CHUNK end
    nres = nres + 1
    results[nres] = spack(toc_format(k), tunpack(list, c + 1, c + k))
  end
end

local unhook = priv.unhook
local function batch(s)
  -- The runner's own code is bounded: run it without the count hook's
  -- per-instruction cost; priv.call hooks each callback (see vm_natives.ts).
  unhook()
  local p, frame, dt, flags, sid, iid, n = 1
  frame, dt, flags, sid, iid, p = sunpack("<I4dBI4I4", s, p)
  if flags & 1 ~= 0 then
    rt.snap, p = read_snapshot(s, p)
    snap_id = sid
  elseif sid ~= 0 and sid ~= snap_id then
    return refused("stale snapshot: state holds " .. snap_id .. ", batch expects " .. sid)
  end
  if flags & 2 ~= 0 then
    local inp
    inp, p = read_value(s, p)
    input = readonly(inp, "input")
    input_id = iid
  elseif iid ~= 0 and iid ~= input_id then
    return refused("stale input: state holds " .. input_id .. ", batch expects " .. iid)
  end
  n, p = sunpack("<I4", s, p)
  if not sink_live then
    sink_live = true
    for k, f in next, sink do rt[k] = f end
  end
  -- Builders the top level or a plain run made are nobody's.
  rt.made = 0
  mirror_reset()
  -- As builders: components read outside any callback are nobody's.
  comp_over, comp_nreads = false, 0
  local profiled = flags & PROFILE ~= 0
  local each = profiled and flags & each_cost.flag ~= 0
  -- Nothing is left from a batch that ended in an error.
  if profiled then
    clear_records()
    each_cost.arm(each and n or 0)
  end
  call = profiled and counted_call or pcall_cb
  rt.frame = frame
  -- Commands issued outside any batch (top-level game code, plain runs) belong
  -- to no callback: drop them rather than blame the first callback.
  reset_commands(true)
  nres, nextra, nt, nrl = 0, 0, 0, 0
  pending, held, held_x, streamed_x = 0, 0, 0, false
  for k = 1, nlogs do logs[k] = nil end
  nlogs, noted = 0, false
  -- Callbacks come in runs of one kind and function (and context layout).
  local done = 0
  while done < n do
    local kind, name, mask, count
    kind, name, mask, count, p = sunpack("<Bs4I4I4", s, p)
    if count == 0 or done + count > n then
      error("malformed batch request: run of " .. count .. " callbacks after " .. done .. " of " .. n, 0)
    end
    local timed = profiled and not each
    local before = timed and count_commands()
    if timed then prof_begin() end
    -- Entity kinds are PHASE_ENTER..TIMER, as isEntityBody in batch_codec.ts has it.
    comp_at[3] = kind == COLLISION
    if kind >= PHASE_ENTER and kind <= TIMER then p = run_entities(s, p, kind, name, mask, count, dt)
    elseif kind == COLLISION then p = run_collisions(s, p, name, mask, count)
    else p = run_others(s, p, kind, name, count, dt) end
    comp_at[3] = false
    if timed then book_run(kind, name, count, before) end
    done = done + count
  end
  -- The last callback's time ends here, before the results are put together.
  local costs = profiled and (each and each_cost.records() or cost_records())
  flush()
  if streamed_x then
    -- Extras went to section 1: the commands still held must go before them.
    if nres > 0 then out(0, concat(results, "", 1, nres)) end
    for k = 1, nres do results[k] = nil end
    nres = 0
  end
  for k = 1, nextra do
    nres = nres + 1
    results[nres] = extras[k]
  end
  -- The reads the callbacks listed, as <i8> each, then their byte length.
  if nrl > 0 then
    add_i8s(rl, nrl)
    nres = nres + 1
    results[nres] = spack("<I4", 8 * nrl)
    -- Kept for the next batch, unless it grew large.
    if nrl > 4096 then rl = {} end
  end
  add_i8s(toc, n)
  nres = nres + 1
  results[nres] = spack("<I4", n)
  if costs then
    nres = nres + 1
    results[nres] = costs
  end
  local whole = concat(results, "", 1, nres)
  -- The tables are kept for the next batch (a collision batch is one
  -- callback: fresh tables were a good part of its cost), minus the strings
  -- they hold.
  for k = 1, nres do results[k] = nil end
  for k = 1, nextra do extras[k] = nil end
  nres, nextra, held, held_x, streamed_x = 0, 0, 0, 0, false
  -- Plain runs between batches get the whole text cap (the sink holds nothing from this batch, so
  -- their commands have its whole cap too; the next batch drops them).
  text_room = TEXT_CAP
  return whole
end

priv.register(proto.batch_function, batch)

-- What each global function of the game can read of an entity context, for the engine to write
-- no other field (see context_fields in batch_decode.lua): "name\tfields" lines, sorted.
priv.register(proto.context_fields_function, function()
  local lines = {}
  for name, v in next, priv.G do
    -- (A name that would break its line is left out: its function gets every field.)
    if type(name) == "string" and type(v) == "function" and not string.find(name, "[\t\n]") then
      lines[#lines + 1] = name .. "\t" .. context_fields(v)
    end
  end
  table.sort(lines)
  return concat(lines, "\n")
end)

-- A reload (sandbox.lua) runs the game's top level again. As at load, its lines go to the VM's log
-- and math.random starts from the load seed, so every state builds the same globals.
local frame_before = nil
priv.on_reload(function(opening)
  if opening then
    frame_before, rt.frame = rt.frame, nil
    set_seed(LOAD_SEED_A, LOAD_SEED_B)
  else
    rt.frame = frame_before
  end
end)
-- Everything above is the engine's: the game's globals are what its top level adds.
priv.mark_baseline()
