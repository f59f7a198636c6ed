-- Batch runtime, part 5 of 7: running callbacks, each in its own protected call, and booking
-- each one's result (table of contents, extras, dropped commands of a failed one).

local function missing(name)
  local h = rt.callback_hint(name)
  error("callback '" .. name .. "' is not a function" .. (h ~= "" and "; " .. h or ""), 0)
end

-- After a callback that made builders (rt.made, counted by the bindings): when it built fewer ids
-- (build and ecs.createEntity take one each from rt.next_id) than it made builders, one was left
-- unbuilt. A template built several times can hide another, but no builder is ever blamed
-- wrongly, and build() pays nothing for it. The hint line is for the engine, which words it with
-- the callback's source (unless the callback failed, which says enough). The log cap is not
-- checked: one line over it is harmless.
local HINT_LEVEL, HINT_UNBUILT = const(proto.hint, "level"), proto.hint.unbuilt_builder
local function unbuilt(failed)
  local made = rt.made
  rt.made = 0
  if made + prov > 0 and not failed then
    nlogs, noted = nlogs + 1, true
    logs[nlogs] = spack("<Bs4", HINT_LEVEL, HINT_UNBUILT)
  end
end

local function chunk_text(...)
  local n = select("#", ...)
  if n == 0 then return nil end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return concat(parts, "\t")
end

-- tostring may run game __tostring code: convert under the chunk's protection.
local function run_chunk(chunk) return chunk_text(chunk()) end

-- The protected call of one callback: f's first result, nil and its command bytes; or the error
-- text and true.
local function protected(fn, name, ...)
  if fn == nil then return call(H, missing, name) end
  return call(H, fn, ...)
end
local snap_id, input_id = 0, 0

-- The snapshot's decoded parts by field (batch_entry.lua): the bytes each was decoded from, and
-- the store behind each table's read-only view.
local snap_bytes, snap_stores = {}, {}
-- World-signal writes of the collision callback running, from the collision twins of the signal
-- commands (rt.mirror). Once the callback has succeeded they go into the snapshot's stores as the
-- snapshot decoder would have read them (scalars as floats, integers as integers; a clear removes
-- the key), so the next callbacks of its batch read what the engine will have applied before they
-- run (the engine drops the rest of the batch where it applied something else). A write that
-- changed the snapshot (as the engine judges a change: -0.0 is not 0.0) leaves it no longer the
-- one the engine sent: its id goes (a batch counting on it is refused and sent again in full) and
-- so do the bytes of the parts written (decoded again when they come). The lists are sized once,
-- so keeping a write never allocates: an out-of-memory error the game catches cannot part a
-- command from its copy. Past MAX_MIRRORED writes in one callback the rest are not kept, and the
-- engine counts such a callback as changing anything.
local MAX_MIRRORED = const(proto, "max_mirrored_writes")
local mirroring, mparts, mkeys, mvals, nm = false, {}, {}, {}, 0
for i = 1, MAX_MIRRORED do mparts[i], mkeys[i], mvals[i] = false, false, false end
local mtype = math.type
function rt.mirror(part, key, value)
  if not mirroring or nm >= MAX_MIRRORED then return end
  nm = nm + 1
  mparts[nm], mkeys[nm], mvals[nm] = part, key, value
end
local function mirror_writes(failed)
  for i = 1, nm do
    -- Every snapshot the engine sends has the four signal parts.
    local part = mparts[i]
    local t = not failed and snap_stores[part]
    if t then
      local v = mvals[i]
      if v ~= nil then
        if part == "scalars" then v = v * 1.0 elseif part == "integers" then v = tointeger(v) or v end
      end
      local key = mkeys[i]
      local old = t[key]
      if old ~= v or mtype(old) ~= mtype(v) or (v == 0 and 1 / v ~= 1 / old) then
        -- First: a new key grows the store, which may run out of memory and end the batch.
        snap_bytes[part], snap_id = nil, 0
        t[key] = v
      end
    end
    mkeys[i], mvals[i] = false, false
  end
  nm = 0
end
-- At a batch's start: nothing kept from one that ended in an error.
local function mirror_reset()
  mirroring = false
  for i = 1, nm do mkeys[i], mvals[i] = false, false end
  nm = 0
end

-- Table of contents: one 64-bit word per callback, index << 36 | command
-- bytes << 4 | reads << 2 | status, packed at the end of the batch a chunk at
-- a time instead of one string.pack per callback (~0.9 us each in this
-- build). Status OK (0): succeeded with nothing but commands; OK_WITH_EXTRAS:
-- succeeded with a return text or logs; FAILED: failed. Reads: READ_LISTED,
-- the ids of the entities whose components it read are listed in the batch's
-- reads (rl: per listed callback, its count and ids, packed before the table
-- of contents); READ_ANY, it read more than a list holds. The layout is the
-- contract with BatchResults in batch_results.ts.
local READ_LISTED, READ_ANY = const(proto.reads, "Listed"), const(proto.reads, "Any")
local toc, nt, TOC_CHUNK, toc_formats = {}, 0, 256, {}
local function toc_format(k)
  local f = toc_formats[k]
  if not f then f = "<" .. srep("i8", k); toc_formats[k] = f end
  return f
end

-- The callback's reads (see note_read), moved to the batch's list: its table-of-contents bits.
local rl, nrl = {}, 0
local function take_reads()
  local bits, n = 0, comp_nreads
  if comp_over then bits = READ_ANY
  elseif n > 0 then
    bits = READ_LISTED
    rl[nrl + 1] = n
    for i = 1, n do rl[nrl + 1 + i] = comp_reads[i] end
    nrl = nrl + 1 + n
  end
  comp_over, comp_nreads = false, 0
  return bits
end

-- Book a finished callback: its table-of-contents entry and its extras (`b`: its command bytes;
-- a failed callback's commands were dropped by the protected call). Returns whether it failed
-- after all (its returned text can be too long: its commands are dropped here).
-- The entity and collision loops book the common case (succeeded with
-- commands only, read nothing) themselves: a Lua call costs as much as a dozen
-- instructions, a tenth of an empty callback's time in the runner.
local function finish(index, failed, r, b)
  nt, noted = nt + 1, false
  local head = index << 36
  if comp_over or comp_nreads > 0 then head = head | take_reads() end
  if not failed and r == nil and nlogs == 0 then
    toc[nt] = head | b << 4
    pending = pending + b
    if pending > STREAM_AT then flush() end
    return false
  end
  if not failed and type(r) == "string" and #r > text_room then
    failed, r = true, "returned text exceeds " .. megabytes(TEXT_CAP) .. " of text output in one callback"
    drop_commands()
  end
  local logged = nlogs > 0 and concat(logs, "", 1, nlogs) or ""
  if not failed then
    if type(r) ~= "string" then r = nil end
    add_extra(spack("<s4s4", r or "", logged))
    toc[nt] = head | b << 4 | OK_WITH_EXTRAS
    pending = pending + b
  else
    -- A callback that hit the memory cap leaves its garbage behind; free it
    -- before this bookkeeping allocates, or the next allocation fails too.
    -- Other failures leave nothing that needs a full collection.
    if memory_hit() then collectgarbage("collect") end
    add_extra(spack("<s4s4", type(r) == "string" and r or "error", logged))
    toc[nt] = head | FAILED
  end
  for k = 1, nlogs do logs[k] = nil end
  nlogs = 0
  if pending > STREAM_AT then flush() end
  return failed
end

-- A run of entity callbacks (phase enter/update/exit, timers) with one
-- function, one context layout and one signal key set: the function is looked
-- up, the context table chosen and the signal keys read once per run; per
-- callback one unpack reads the index, the seed (for math.random), every fixed
-- context field and the signal values. A key set too large for one unpack (first
-- count FULL) leaves each context to carry its own keys; a larger one would
-- need more locals than a loop may have.
local FULL, MAX_RUN_KEYS = const(proto, "full_keys"), const(proto, "max_run_keys")
local counts, read_counts = {}, unpacker("<I4I4I4I4")
-- The key set a run header gives, without reading the keys: where they start, the position after
-- them, and the key set's name for the caches (its bytes as sent: counts and length-prefixed keys,
-- so that no two key sets share a name, whatever bytes their keys hold), or false when each context
-- carries its own keys. A run's pool (see layout_pool) holds its keys already unless it is new.
local read_length = unpacker("<I4")
local function skip_shape(s, p)
  local from = p
  counts[1], counts[2], counts[3], counts[4], p = read_counts(s, p)
  if counts[1] == FULL then return p, p, false end
  local n = counts[1] + counts[2] + counts[3] + counts[4]
  if n > MAX_RUN_KEYS then
    error("malformed batch request: more than " .. MAX_RUN_KEYS .. " signal keys in a run header", 0)
  end
  local keys_at = p
  for _ = 1, n do
    local length
    length, p = read_length(s, p)
    p = p + length
  end
  if p > #s + 1 then error("malformed batch request: a run header's keys run past its end", 0) end
  return keys_at, p, ssub(s, from, p - 1)
end
-- Entity and collision runs go through loops generated per layout, with their contexts' decoding
-- inline (a call per callback to a separate decoder cost an empty callback an eighth of its time).
-- A loop works on the runner's own counters and per-batch values: its upvalues of those names are
-- made the ones of an anchor function here (priv.share), so it reads and writes them as this
-- file's functions do. (In blocks: the joined runtime is one function, whose locals Lua bounds at
-- 200.)
-- The generated loops are kept with the pools of their layouts (see layout_pool and
-- run_collisions).
-- A run this short, on a pool that has run fewer callbacks, fills its contexts in Lua (see BIND in
-- entity_loop).
local MIN_FILL = 8
local load_loop
do
  local share, GENERATED = priv.share, priv.generated_chunk
  -- What every loop's chunk is given (then the unpackers of its layout, and the fillers and
  -- binders of its contexts, if it has them).
  local VALUES = "local read_signals, rt, H, missing, unbuilt, finish, flush, toc, TEXT_CAP, " ..
    "STREAM_AT, fill_sides, sides_a, sides_b, mirror_writes, coll_ro, MIN_FILL, u1, u2, u3, f1, b1, f2, " ..
    "b2 = ...\n"
  -- After a callback's protected call: the builder hint, and its entry in the table of contents
  -- (finish() for anything but the common case).
  local BOOK = [[
    if R.made ~= 0 then unbuilt(failed) end
    if failed or r ~= nil or noted then
      failed = finish(index, failed, r, b)
    else -- finish()'s common case
      nt = nt + 1
      toc[nt] = index << 36 | b << 4
      pending = pending + b
      if pending > STREAM_AT then flush() end
    end
]]
  -- The loop whose source is `head`, the booking and `tail`, its variables `shared` made those of
  -- `anchor`, its unpackers compiled from `fmts` (with `dests`, the fillers and binders of the first
  -- ones too).
  function load_loop(head, tail, fmts, anchor, shared, dests)
    local u, fill, bind = {}, {}, {}
    for n = 1, #fmts do u[n] = unpacker(fmts[n]) end
    for n = 1, dests and #dests or 0 do fill[n], bind[n] = unpacker(fmts[n], dests[n]) end
    local src = VALUES .. "local " .. concat(shared, ", ") .. "\n" .. head .. BOOK .. tail
    local loop = load_text(src, GENERATED, "t")(read_signals, rt, H, missing, unbuilt, finish,
      flush, toc, TEXT_CAP, STREAM_AT, fill_sides, sides_a, sides_b, mirror_writes, coll_ro, MIN_FILL,
      u[1], u[2], u[3], fill[1], bind[1], fill[2], bind[2])
    share(loop, anchor, shared)
    return loop
  end
end

-- The loop of an entity run: for field mask `mask`, timers' (`timer`) or phase callbacks'; with
-- `pool` and `shape`, for the key set its header gave.
local entity_loop
do
  local function anchor() return text_room, prov, call, input, noted, nt, pending end
  local SHARED = { "text_room", "prov", "call", "input", "noted", "nt", "pending" }
  -- The function is called with the context and input, and a phase callback with dt too. A
  -- missing one is `missing` given its name, which raises the error that says so.
  local HEAD = [[
return function(s, p, count, name, fn, dt, c, P, ro, t1, t2, t3, t4)
  local R = rt -- one register read per callback for the builder count below
  local f, a = fn, ro
  if fn == nil then f, a = missing, name end
]]
  -- With a filler: contexts already filled (a key for every field) are filled by it, once bound to
  -- the pool's tables; the first one filled here binds it. Binding looks every key up (about as
  -- long as filling eight contexts saves): a pool that has run fewer callbacks than that, in a
  -- shorter run, is filled here. A pool's tables never change (see layout_pool), so the binding
  -- stays with it from run to run.
  local BIND = [[
  local bound = P.bound[b1] == true
  local tried = bound or count < MIN_FILL and P.used < MIN_FILL
  if not tried and c.id ~= nil then tried, bound = true, b1(c, P, t1, t2, t3, t4) end
]]
  local FOR = "  for _ = 1, count do\n"
  local CALL = [[
    rt.local_assets, text_room, prov = false, TEXT_CAP, 0
    local r, failed, b = call(H, f, a, input%s)
]]
  local TAIL = "  end\n  return p\nend\n"
  local BOUND_TAIL = "  end\n  if bound then P.bound[b1] = true end\n  return p\nend\n"
  function entity_loop(mask, timer, pool)
    local code, fmt, dests = entity_context_code(mask, pool)
    local head = HEAD .. (dests and BIND or "") .. FOR
    return load_loop(head .. code .. sformat(CALL, timer and "" or ", dt"),
      dests and BOUND_TAIL or TAIL, { fmt }, anchor, SHARED, dests)
  end
end

-- Pools by layout, for entity runs and collision sides. A frame's callbacks come in entity id
-- order and a rule's pairs in pair order, which mix layouts, in runs as short as one callback; a
-- pool per layout keeps its tables (made afresh once and filled in one order, so the order pairs()
-- visits them still depends on the layout alone) and its fillers' bindings, where one pool for all
-- made new tables at each change of layout and filled short runs in Lua (an empty callback cost
-- 2.3-2.9 us instead of 0.4 when alternating; a collision callback alternating two key sets on
-- side a 5.6-9.1 us instead of 2.1-2.7).
-- Cache 1 holds entity runs' pools by loop (kind and field mask), caches 2 and 3 collision sides'
-- by field mask; then each by the run header's key set name (true: contexts that carry their own
-- keys, or have no signals). Layouts are few; a cache starts over if a game makes many.
local MAX_LAYOUTS = 256
local layout_pools, nlayout_pools = { {}, {}, {} }, { 0, 0, 0 }
-- The pool of layout (`id`, the key set at `keys_at` named `key`, or false) in cache `c`, made and
-- given the keys if new.
local function layout_pool(c, id, s, keys_at, key)
  local by = layout_pools[c][id]
  local P = by and by[key or true]
  if P ~= nil then return P end
  if nlayout_pools[c] >= MAX_LAYOUTS then layout_pools[c], nlayout_pools[c], by = {}, 0, nil end
  if by == nil then by = {}; layout_pools[c][id] = by end
  P = new_pool()
  if key then read_shape(s, keys_at, P, counts) end
  by[key or true], nlayout_pools[c] = P, nlayout_pools[c] + 1
  return P
end
local function run_entities(s, p, kind, name, mask, count, dt)
  local timer = kind == TIMER
  local keys_at, key = p, false
  if mask & SIGNALS ~= 0 then keys_at, p, key = skip_shape(s, p) end
  local P = layout_pool(1, timer and -1 - mask or mask, s, keys_at, key)
  local loop = P.loop
  if not loop then
    loop = entity_loop(mask, timer, key and P or nil)
    P.loop = loop
  end
  local subs = P.subs
  local fn = G[name]
  if type(fn) ~= "function" then fn = nil end
  p = loop(s, p, count, name, fn, dt, P.ctx, P, P.ctx_ro, subs[1].t, subs[2].t, subs[3].t,
    subs[4].t)
  P.used = P.used + count
  return p
end

-- A run of other callbacks (scene update, menus, CVar handlers, collisions,
-- plain calls, chunks). Each request is decoded here, outside the callback's
-- protected call and hook (the runner's own bounded code runs unhooked; a
-- malformed request is an engine bug and fails the whole batch); only the
-- game function runs protected and hooked. Each callback's head is its index and its random
-- seed, which the unpacker hands to math.random (S items).
local read_head = unpacker("<I4SS")
local function run_others(s, p, kind, name, count, dt)
  local fn = G[name]
  if type(fn) ~= "function" then fn = nil end
  local R = rt -- one register read per callback for the builder count below
  -- The kind is the run's: compared here once, as the per-callback tests below
  -- would otherwise each load an upvalue.
  local is_scene, is_menu = kind == SCENE_UPDATE, kind == MENU
  local is_cvar, is_call, is_chunk = kind == CVAR, kind == CALL, kind == CHUNK
  for _ = 1, count do
    local index
    index, p = read_head(s, p)
    rt.local_assets, text_room, prov = false, TEXT_CAP, 0
    local r, failed, b
    if is_scene then
      r, failed, b = protected(fn, name, input, dt)
    elseif is_menu then
      local id, item, at
      id, item, at, p = sunpack("<ds4d", s, p)
      menu_ctx.menu_id, menu_ctx.item_id = tointeger(id) or id, item
      menu_ctx.item_index = tointeger(at) or at
      r, failed, b = protected(fn, name, menu_ro)
    elseif is_cvar then
      local key, old, new
      key, old, new, p = sunpack("<s4s4s4", s, p)
      r, failed, b = protected(fn, name, key, old, new)
    elseif is_call then
      local n
      n, p = sunpack("<I4", s, p)
      local args = {}
      for i = 1, n do args[i], p = read_value(s, p) end
      r, failed, b = protected(fn, name, tunpack(args, 1, n))
    elseif is_chunk then
      local src, chunk, err
      src, p = sunpack("<s4", s, p)
      chunk, err = load_text(src, "=" .. name, "t", G)
      -- A syntax error is reported as a runtime one is (through the message handler).
      if chunk then r, failed, b = call(H, run_chunk, chunk)
      else r, failed, b = call(H, error, err, 0) end
    else
      error("malformed batch request: unknown callback kind " .. tostring(kind), 0)
    end
    if R.made ~= 0 then unbuilt(failed) end
    finish(index, failed, r, b)
  end
  return p
end

-- A run of collision callbacks with one function and one layout (both contexts' field masks and
-- key sets: the run's mask is a's | b's << 16, and the header gives each key set it has), through
-- the loop generated for the layout.
local run_collisions
do
  local side_a, side_b = -1, -1 -- the side masks the side lists hold
  local function anchor()
    return text_room, prov, call, noted, nt, pending, mirroring, nm, side_a, side_b
  end
  local SHARED = { "text_room", "prov", "call", "noted", "nt", "pending", "mirroring", "nm", "side_a",
    "side_b" }
  local HEAD = [[
return function(s, p, count, name, fn, ca, A, ta1, ta2, ta3, ta4, cb, B, tb1, tb2, tb3, tb4)
  local R = rt -- one register read per callback for the builder count below
]]
  -- With fillers (see entity_loop's): bound while both pools' tables are bound to this loop's.
  local BIND = [[
  local bound = A.bound[b1] == true and B.bound[b2] == true
  local tried = bound or count < MIN_FILL and (A.used < MIN_FILL or B.used < MIN_FILL)
  if not tried and ca.id ~= nil and cb.id ~= nil then
    tried, bound = true, b1(ca, A, ta1, ta2, ta3, ta4) and b2(cb, B, tb1, tb2, tb3, tb4)
  end
]]
  local FOR = "  for _ = 1, count do\n    local index, ka, kb\n"
  local CALL = [[
    -- Only the runtime writes the side lists: one that holds the mask already stays.
    -- (Marked unknown while filling: a fill that runs out of memory leaves no stale mark.)
    if ka ~= side_a then side_a = -1; fill_sides(sides_a, ka); side_a = ka end
    if kb ~= side_b then side_b = -1; fill_sides(sides_b, kb); side_b = kb end
    rt.local_assets, text_room, prov = false, TEXT_CAP, 0
    mirroring = true
    local r, failed, b
    if fn == nil then r, failed, b = call(H, missing, name) else r, failed, b = call(H, fn, coll_ro) end
    mirroring = false
]]
  -- Only a collision callback keeps writes, and only once it has succeeded for good.
  local TAIL = "    if nm > 0 then mirror_writes(failed) end\n  end\n  return p\nend\n"
  local BOUND_TAIL = "    if nm > 0 then mirror_writes(failed) end\n  end\n" ..
    "  if bound then A.bound[b1], B.bound[b2] = true, true end\n  return p\nend\n"
  local function collision_loop(ma, mb, pool_a_shaped, pool_b_shaped)
    local code, fmts, dests = pair_context_code(ma, mb, pool_a_shaped, pool_b_shaped)
    local head = HEAD .. (dests and BIND or "") .. FOR
    return load_loop(head .. code .. CALL, dests and BOUND_TAIL or TAIL, fmts, anchor, SHARED, dests)
  end
  -- Side `side`'s key set after `p` (field mask `m`): the position after it, its name (or false)
  -- and its pool (see layout_pool).
  local function side_pool(side, s, p, m)
    local keys_at, key = p, false
    if m & SIGNALS ~= 0 then keys_at, p, key = skip_shape(s, p) end
    return p, key, layout_pool(1 + side, m, s, keys_at, key)
  end
  local coll_a, coll_b -- the pools the collision context's a and b are the views of
  function run_collisions(s, p, name, mask, count)
    local ma, mb = mask & 0xFFFF, mask >> 16
    local ka, kb, A, B
    p, ka, A = side_pool(1, s, p, ma)
    p, kb, B = side_pool(2, s, p, mb)
    if A ~= coll_a then coll_a = A; coll_ctx.a = A.ctx_ro end
    if B ~= coll_b then coll_b = B; coll_ctx.b = B.ctx_ro end
    -- A pool is one side's layout: the pair of pools names the loop's layout.
    local loop = A.loops[B]
    if loop == nil then
      loop = collision_loop(ma, mb, ka and A or nil, kb and B or nil)
      A.loops[B] = loop
    end
    local ua, ub = A.subs, B.subs
    local fn = G[name]
    if type(fn) ~= "function" then fn = nil end
    p = loop(s, p, count, name, fn, A.ctx, A, ua[1].t, ua[2].t, ua[3].t, ua[4].t, B.ctx, B,
      ub[1].t, ub[2].t, ub[3].t, ub[4].t)
    A.used, B.used = A.used + count, B.used + count
    return p
  end
end

-- A batch that expects tables this state does not hold runs nothing: the
-- reply says so in place of results (a callback count of REFUSED), and the
-- engine sends the batch again with the tables.
local REFUSED = const(proto, "refused_count")
local function refused(why) return spack("<s4I4", why, REFUSED) end

