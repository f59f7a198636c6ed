-- Batch runtime, part 4 of 7: decoding a batch's contexts into pooled tables behind read-only
-- views (signals, run key sets, the generated decoding of each context layout).

-- What a callback is given (input, snapshot, contexts) is a read-only view
-- (priv.view, sandbox.lua) of a store only the runtime writes: assignment,
-- rawset, setmetatable and pairs cannot reach the store, so no callback can
-- leave anything behind for the next one, whichever state runs it.
local view, set_view_store = priv.view, priv.set_view_store
local unpacker = priv.unpacker

-- Read-only view of a decoded table; nested tables are wrapped too.
local function readonly(t, what)
  for k, v in next, t do
    if type(v) == "table" then t[k] = readonly(v, what) end
  end
  return view(t, what)
end

local input = readonly({ digital = {}, analog = {}, mouse = {} }, "input")

-- A signal table: its store, the view callbacks see, and the keys of the last fill.
local function new_signals(what)
  local t = {}
  return { t = t, v = view(t, what), keys = {}, n = 0 }
end
-- Point a signal table at a new store.
local function set_store(sub, t)
  sub.t = t
  set_view_store(sub.v, t)
end
-- A pool's context table (ctx) is made with the pool, one pool per layout
-- (see layout_pool in batch_callbacks.lua), and filled in one fixed order, so
-- the order pairs() visits it in depends on its fields only, not on what this
-- state ran before (which differs with the number of workers); callbacks of
-- its layout reuse it. Each store (ctx, pos, ...) has its view (ctx_ro,
-- pos_ro, ...): the decoders write the stores and put the views in the context.
local function new_pool()
  -- bound: the fillers bound to the pool's tables (see BIND in batch_callbacks.lua), as keys; used:
  -- the callbacks that ran with it; loop: an entity run's loop; loops: a collision side a's loops
  -- by side b's pool.
  local P = { ctx = {}, sig = {}, bound = {}, used = 0, loop = false, loops = {},
    subs = { new_signals("ctx.signals.scalars"), new_signals("ctx.signals.integers"),
      new_signals("ctx.signals.strings"), new_signals("ctx.signals.flags") } }
  P.ctx_ro = view(P.ctx, "ctx")
  for _, f in next, { "pos", "screen_pos", "vel", "scale", "rect", "timer", "sprite", "animation" } do
    local t = {}
    P[f], P[f .. "_ro"] = t, view(t, "ctx." .. f)
  end
  local sig, subs = P.sig, P.subs
  sig.scalars, sig.integers, sig.strings, sig.flags = subs[1].v, subs[2].v, subs[3].v, subs[4].v
  P.sig_ro = view(sig, "ctx.signals")
  return P
end
local sides_a, sides_b = {}, {}
-- A collision callback's context: a and b are the views of its sides' pools (see run_collisions).
local coll_ctx = { sides = view({ a = view(sides_a, "ctx.sides.a"), b = view(sides_b, "ctx.sides.b") },
  "ctx.sides") }
coll_ctx.a, coll_ctx.b = false, false
local coll_ro = view(coll_ctx, "ctx")
local menu_ctx = {}
local menu_ro = view(menu_ctx, "ctx")

-- Entity signals: four counts, then (key, value) entries of each table in
-- order. A new key set gets a new table: the order `pairs` visits it then
-- depends only on its keys, not on what this state filled before (which
-- differs with the number of workers). The same keys as the last fill reuse
-- its table (a collision's two contexts always come with their keys).
local function fill_signals(sub, s, p, n, j)
  local keys, same = sub.keys, n == sub.n
  local t = same and sub.t or {}
  for i = 1, n do
    local k, v
    if j == 4 then k, p = sunpack("<s4", s, p); v = true
    elseif j == 3 then k, v, p = sunpack("<s4s4", s, p)
    else
      k, v, p = sunpack("<s4d", s, p)
      if j == 2 then v = tointeger(v) or v end
    end
    if same and keys[i] ~= k then
      -- Another key set after all: start a new table with the keys read so far.
      same = false
      local fresh = {}
      for m = 1, i - 1 do fresh[keys[m]] = t[keys[m]] end
      t = fresh
    end
    t[k] = v
    keys[i] = k
  end
  for i = n + 1, sub.n do keys[i] = nil end
  if t ~= sub.t then set_store(sub, t) end
  sub.n = n
  return p
end

local function read_signals(s, p, pool, c1, c2, c3, c4)
  local subs = pool.subs
  local s1, s2, s3, s4 = subs[1], subs[2], subs[3], subs[4]
  if c1 > 0 or s1.n > 0 then p = fill_signals(s1, s, p, c1, 1) end
  if c2 > 0 or s2.n > 0 then p = fill_signals(s2, s, p, c2, 2) end
  if c3 > 0 or s3.n > 0 then p = fill_signals(s3, s, p, c3, 3) end
  if c4 > 0 or s4.n > 0 then p = fill_signals(s4, s, p, c4, 4) end
  return p
end

-- The key set of a run's contexts, sent once in its header: four counts (read by the caller),
-- then the keys of each category in order. The pool's signal tables are kept when they hold
-- exactly these keys, else made anew with the keys inserted in order (so pairs() order depends on
-- the keys only); values come with each callback. Returns the position after the keys.
-- (A collision batch has a header of its own: its work is part of every collision callback's.)
local shape_keys, read_key = {}, unpacker("<s4")
local function read_shape(s, p, pool, counts)
  for j = 1, 4 do
    local sub, n = pool.subs[j], counts[j]
    local keys, same = sub.keys, n == sub.n
    local read = shape_keys
    for i = 1, n do
      read[i], p = read_key(s, p)
      if read[i] ~= keys[i] then same = false end
    end
    if not same then
      local t = {}
      -- Placeholders in key order; every callback writes every value.
      for i = 1, n do t[read[i]] = true; keys[i] = read[i] end
      for i = n + 1, sub.n do keys[i] = nil end
      set_store(sub, t)
      sub.n = n
    end
  end
  return p
end

-- A decoder per field mask: one unpack for every fixed field. The layout (bit order) is the
-- contract with writeEntity in batch_context.ts. Format item n (priv.unpacker's) is a double read
-- as math.tointeger(v) or v. The fifth item of a field says where a filler (fixed_unpack.c) writes
-- its values once a context is filled: what the statement's assignments other than the views do,
-- as { value, kind, table, key } (value 1 is the field's first; table 1 is the context, a name is
-- the pool's table of that name; kind "v" the value, "b" whether it is 1, "q" the sum of the
-- squares of it and the next).
local F = proto.field
local SIGNALS = const(F, "Signals")
local FIELDS = {
  { const(F, "Group"), "s4", 1, "c.group = v1", { { 1, "v", 1, "group" } } },
  { const(F, "Pos"), "dd", 2, "local t = P.pos; t.x, t.y = v1, v2; c.pos = P.pos_ro",
    { { 1, "v", "pos", "x" }, { 2, "v", "pos", "y" } } },
  { const(F, "ScreenPos"), "dd", 2, "local t = P.screen_pos; t.x, t.y = v1, v2; c.screen_pos = P.screen_pos_ro",
    { { 1, "v", "screen_pos", "x" }, { 2, "v", "screen_pos", "y" } } },
  { const(F, "Vel"), "dd", 2,
    "local t = P.vel; t.x, t.y = v1, v2; c.vel = P.vel_ro; c.speed_sq = v1 * v1 + v2 * v2",
    { { 1, "v", "vel", "x" }, { 2, "v", "vel", "y" }, { 1, "q", 1, "speed_sq" } } },
  { const(F, "Frozen"), "B", 1, "c.frozen = v1 == 1", { { 1, "b", 1, "frozen" } } },
  { const(F, "Rotation"), "d", 1, "c.rotation = v1", { { 1, "v", 1, "rotation" } } },
  { const(F, "Scale"), "dd", 2, "local t = P.scale; t.x, t.y = v1, v2; c.scale = P.scale_ro",
    { { 1, "v", "scale", "x" }, { 2, "v", "scale", "y" } } },
  { const(F, "Rect"), "dddd", 4, "local t = P.rect; t.x, t.y, t.w, t.h = v1, v2, v3, v4; c.rect = P.rect_ro",
    { { 1, "v", "rect", "x" }, { 2, "v", "rect", "y" }, { 3, "v", "rect", "w" },
      { 4, "v", "rect", "h" } } },
  { const(F, "Phase"), "s4d", 2, "c.phase, c.time_in_phase = v1, v2",
    { { 1, "v", 1, "phase" }, { 2, "v", 1, "time_in_phase" } } },
  { const(F, "PreviousPhase"), "s4", 1, "c.previous_phase = v1",
    { { 1, "v", 1, "previous_phase" } } },
  { const(F, "Timer"), "dds4", 3,
    "local t = P.timer; t.duration, t.elapsed, t.callback = v1, v2, v3; c.timer = P.timer_ro",
    { { 1, "v", "timer", "duration" }, { 2, "v", "timer", "elapsed" },
      { 3, "v", "timer", "callback" } } },
  -- (Signals whose keys each context carries are read by read_signals: no filler.)
  { SIGNALS, "I4I4I4I4", 4, "sig = true; g1, g2, g3, g4 = v1, v2, v3, v4", false },
  { const(F, "Sprite"), "s4BB", 3,
    "local t = P.sprite; t.tex_key, t.flip_h, t.flip_v = v1, v2 == 1, v3 == 1; c.sprite = P.sprite_ro",
    { { 1, "v", "sprite", "tex_key" }, { 2, "b", "sprite", "flip_h" },
      { 3, "b", "sprite", "flip_v" } } },
  { const(F, "Animation"), "s4nd", 3,
    "local t = P.animation; t.key, t.frame_index, t.elapsed = v1, v2, v3; c.animation = P.animation_ro",
    { { 1, "v", "animation", "key" }, { 2, "v", "animation", "frame_index" },
      { 3, "v", "animation", "elapsed" } } },
}
-- Every field TypeScript may send has a decoder above, or the load fails.
local ALL_FIELDS = 0
for _, f in next, FIELDS do ALL_FIELDS = ALL_FIELDS | f[1] end
for name in next, F do
  if ALL_FIELDS & const(F, name) == 0 then error("batch runtime: no decoder for context field " .. name, 0) end
end
-- The context fields (F bits) function fn can read: those holding the keys k of its ctx.k
-- (priv.context_reads), every field when it may read more. A field's keys are the context keys
-- its statement above assigns (c.k), so a field added there is known here too.
local context_fields
do
  local field_of_key, reads = { id = 0, signals = SIGNALS }, priv.context_reads
  for _, f in next, FIELDS do
    for key in string.gmatch(f[4], "c%.([%w_]+)") do field_of_key[key] = f[1] end
  end
  context_fields = function(fn)
    local keys = reads(fn)
    if not keys then return ALL_FIELDS end
    local mask = 0
    for key in next, keys do mask = mask | (field_of_key[key] or 0) end
    return mask
  end
end
-- The signal values of a run's key set: formats and assignments into the
-- four signal stores (flags have no value: each listed flag is set true).
local function shape_code(pool, vars, nvars)
  local fmt, code = "", {}
  for j = 1, 4 do
    local sub = pool.subs[j]
    for i = 1, sub.n do
      local t = "t" .. j .. "[" .. sformat("%q", sub.keys[i]) .. "] = "
      if j == 4 then code[#code + 1] = t .. "true"
      else
        nvars = nvars + 1
        local v = "x" .. nvars
        vars[#vars + 1] = v
        fmt = fmt .. (j == 3 and "s4" or j == 2 and "n" or "d")
        code[#code + 1] = t .. v
      end
    end
  end
  code[#code + 1] = "c.signals = P.sig_ro"
  return fmt, code
end
-- The generated decoding, for the run loops of batch_callbacks.lua: entity_context_code and
-- pair_context_code. Their helpers stay inside the block: the joined runtime is one function,
-- whose locals Lua bounds at 200.
local entity_context_code, pair_context_code
do
  -- One context's part of a decoder: within a block whose locals c, P and t1..t4 are its context
  -- store, pool and signal stores, one unpack (the compiled unpacker `u` of the format returned
  -- third) of every fixed field (after `head`, outer variables read first: their formats and
  -- names), then the assignments. With `pool` (a run whose key set came in its header) the signal
  -- values follow the fixed fields in the same unpack, as do `tail`'s outer variables; without,
  -- the context carries its keys, read after the unpack (`tail` is then left to the caller: the
  -- second result is false). The layout (bit order) is the contract with writeEntity in
  -- batch_context.ts.
  -- The views a context holds (c.pos = P.pos_ro, ...) never change: only a fresh context table
  -- (no id yet) is given them, in the same statements as its values, so that the order pairs()
  -- visits its keys is the one of the first fill; later callbacks write the values alone.
  local VIEW = "; c%.[%w_]+ = P%.[%w_]+_ro"
  -- `declare`: the head's variables are declared by the unpack's own statement (its results land
  -- in them: no move each), and so is the position after, then put in p; else they are assigned.
  local function context_code(mask, pool, head, tail, u, declare)
    if mask & ~ALL_FIELDS ~= 0 then error("unknown context fields " .. mask, 0) end
    local fmt, vars, code, steady, nvars = "<" .. head.fmt .. "i8", { "id" }, {}, {}, 0
    for _, f in next, FIELDS do
      if mask & f[1] ~= 0 and not (pool and f[1] == SIGNALS) then
        local stmt = f[4]
        for i = 1, f[3] do
          vars[#vars + 1] = "x" .. (nvars + i)
          stmt = sgsub(stmt, "v" .. i, "x" .. (nvars + i))
        end
        nvars = nvars + f[3]
        fmt = fmt .. f[2]
        code[#code + 1] = "do " .. stmt .. " end"
        steady[#steady + 1] = "do " .. sgsub(stmt, VIEW, "") .. " end"
      end
    end
    if pool and mask & SIGNALS ~= 0 then
      local more, assign = shape_code(pool, vars, nvars)
      fmt = fmt .. more
      for i = 1, #assign do
        code[#code + 1] = assign[i]
        if i < #assign then steady[#steady + 1] = assign[i] end -- the last is c.signals = P.sig_ro
      end
    end
    local with_tail = tail ~= nil and (pool ~= nil or mask & SIGNALS == 0)
    local read = concat(head.vars, ", ", 1, #head.vars)
    read = (read ~= "" and read .. ", " or "") .. concat(vars, ", ")
    if with_tail then
      fmt = fmt .. tail.fmt
      read = read .. ", " .. concat(tail.vars, ", ")
    end
    -- The context carries its keys: their counts (the Signals field) go to read_signals.
    local own_keys = mask & SIGNALS ~= 0 and not pool
    local unpack = declare
      and "    local " .. read .. ", q = " .. u .. "(s, p)\n    p = q\n"
      or "    local " .. concat(vars, ", ") .. "\n    " .. read .. ", p = " .. u .. "(s, p)\n"
    return (own_keys and "    local sig, g1, g2, g3, g4 = false\n" or "") .. unpack ..
      "    if c.id == nil then\n" ..
      "      c.id = id\n      " .. concat(code, "\n      ") .. "\n" ..
      "    else\n" ..
      "      c.id = id\n      " .. concat(steady, "\n      ") .. "\n" ..
      "    end\n" ..
      (own_keys and "    if sig then p = read_signals(s, p, P, g1, g2, g3, g4); c.signals = P.sig_ro end\n" or ""),
      with_tail, fmt
  end

  local NO_HEAD = { fmt = "", vars = {} }
  -- The seed words go to math.random (the unpacker's S items), not to Lua.
  local INDEX_SEEDS = { fmt = "I4SS", vars = { "index" } }

  -- Where a filler writes a context's values (see FIELDS), or nil when the context carries its own
  -- signal keys (read_signals reads those): after `head` values and before `tail` ones, which it
  -- returns.
  local function fill_dests(mask, pool, head, tail)
    local rets, dests, at = {}, { { head, "v", 1, "id" } }, head + 1
    for v = 0, head - 1 do rets[#rets + 1] = { v, "r" } end
    for _, f in next, FIELDS do
      if mask & f[1] ~= 0 and not (pool and f[1] == SIGNALS) then
        if not f[5] then return nil end
        for _, d in next, f[5] do dests[#dests + 1] = { at + d[1] - 1, d[2], d[3], d[4] } end
        at = at + f[3]
      end
    end
    if pool and mask & SIGNALS ~= 0 then
      -- Values of scalars, integers and texts, as shape_code orders them; a flag is always true.
      for j = 1, 3 do
        local sub = pool.subs[j]
        for i = 1, sub.n do
          dests[#dests + 1] = { at, "v", 2 + j, sub.keys[i] }
          at = at + 1
        end
      end
    end
    for v = at, at + tail - 1 do rets[#rets + 1] = { v, "r" } end
    for _, d in next, dests do rets[#rets + 1] = d end
    return rets
  end

  -- A run loop's decoding with fillers: contexts filled before (a key for every field) are filled
  -- by them (`fills`, each `values = fN(s, p)`), once bound to the run's tables (`binds`, each a
  -- call of bN), else by `code`, after which they are bound (see BIND in batch_callbacks.lua).
  local function with_fillers(code, fills, binds)
    return "    if bound then\n" .. fills .. "    else\n" .. code ..
      "    if not tried then tried = true; bound = " .. binds .. " end\n    end\n"
  end

  -- An entity run's per-callback decoding, for its loop (batch_callbacks.lua): the unpack of the
  -- callback's index (a local of the loop's body), seed words and context (unpacker u1 of the
  -- format returned second) and their assignments; with a filler (its destinations third), a
  -- context filled before is filled by it instead, once bound (see BIND in batch_callbacks.lua).
  -- `pool`: see context_code.
  function entity_context_code(mask, pool)
    local dests = fill_dests(mask, pool, 1, 0)
    local code, _, fmt = context_code(mask, pool, INDEX_SEEDS, nil, "u1", dests == nil)
    if dests then
      code = "    local index\n" ..
        with_fillers(code, "    index, p = f1(s, p)\n", "b1(c, P, t1, t2, t3, t4)")
    end
    return code, fmt, dests and { dests }
  end

  -- A collision run's per-callback decoding, for its loop (batch_callbacks.lua): the index and
  -- seed words, context a, context b (each in a block of its own c, P, t1..t4), then the two sides
  -- bytes into ka and kb, in as few unpacks as the key sets allow (one per context); its unpackers'
  -- formats, u1 to u3, come second.
  -- With fillers for both contexts (b's also reads the sides), their destinations come third.
  local SIDES = { fmt = "BB", vars = { "ka", "kb" } }
  function pair_context_code(ma, mb, pool_a_shaped, pool_b_shaped)
    local code_a, _, fmt_a = context_code(ma, pool_a_shaped, INDEX_SEEDS, nil, "u1")
    local code_b, tail_read, fmt_b = context_code(mb, pool_b_shaped, NO_HEAD, SIDES, "u2")
    local code = "    do\n    local c, P, t1, t2, t3, t4 = ca, A, ta1, ta2, ta3, ta4\n" .. code_a .. "    end\n" ..
      "    do\n    local c, P, t1, t2, t3, t4 = cb, B, tb1, tb2, tb3, tb4\n" .. code_b .. "    end\n" ..
      (tail_read and "" or "    ka, kb, p = u3(s, p)\n")
    local da, db = fill_dests(ma, pool_a_shaped, 1, 0), fill_dests(mb, pool_b_shaped, 0, 2)
    if not (da and db and tail_read) then return code, { fmt_a, fmt_b, SIDES.fmt } end
    code = with_fillers(code, "    index, p = f1(s, p)\n    ka, kb, p = f2(s, p)\n",
      "b1(ca, A, ta1, ta2, ta3, ta4) and b2(cb, B, tb1, tb2, tb3, tb4)")
    return code, { fmt_a, fmt_b, SIDES.fmt }, { da, db }
  end
end

local SIDE_NAMES = { "top", "bottom", "left", "right" }
local function fill_sides(t, mask)
  for i = #t, 1, -1 do t[i] = nil end
  local n = 0
  for bit = 0, 3 do
    if mask & (1 << bit) ~= 0 then
      n = n + 1
      t[n] = SIDE_NAMES[bit + 1]
    end
  end
end

-- The snapshot's components part (components_part.ts): every entity's components as one string,
-- which ecs.getComponent reads as snap.components[id][name]. An entity's tables are decoded when
-- a callback reads it: games read a few entities out of thousands, and the part changes whenever
-- anything moves. They are decoded anew on every read, by natives (priv.component_reader's: a
-- binary search finds the record, a reader decodes the component into a read-only copy), so that
-- what a read costs the callback's instruction budget depends on the entity's record alone: not
-- on what this state read before (which differs with the number of workers) nor on how many
-- entities the part holds (a collision batch may carry an older part).
-- The ids the running collision callback read, for the collision stage, which keeps a callback
-- only while what it read is what the world holds (see finish). Past MAX_READS ids it read
-- "anything". Other callbacks' reads are not noted (comp_at[3], below, is false outside collision
-- runs): nothing looks at them, and noting and listing them cost a reading phase callback about a
-- sixth of its time. The list is sized once: noting a read never allocates, so an out-of-memory
-- error the game catches cannot come between a read and its note.
local MAX_READS = const(proto.component, "max_reads")
local comp_reads, comp_nreads, comp_over = {}, 0, false
for i = 1, MAX_READS do comp_reads[i] = 0 end
local function note_read(id)
  for i = 1, comp_nreads do
    if comp_reads[i] == id then return end
  end
  noted = true
  if comp_nreads == MAX_READS then comp_over = true; return end
  comp_nreads = comp_nreads + 1
  comp_reads[comp_nreads] = id
end
-- snap.components[id]: a cursor at the entity's record, whose components are read one at a time,
-- each decoded anew, by its __index (component_read.c, as is the lookup by id: a whole float id is
-- that integer, any other key is absent). Only the engine's bindings index snap.components, and at
-- once by a name (ecs.getComponent reads snap.components[id][name]): one cursor, pointed at each
-- entity's record in turn, serves every read without a table per read. comp_at: the part, the
-- record's position, and whether reads are noted.
local comp_at = { "", 0, false }
local comp_view
do
  local entity = priv.component_reader(proto.component.layout, comp_at, priv.copy_meta("snapshot"),
    const(proto.component, "max_safe"), note_read)
  comp_view = view(setmetatable({}, { __index = entity }), "snapshot")
end
local function set_components(s)
  comp_at[1] = s
  return comp_view
end
