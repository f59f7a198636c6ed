/*
 * The tagged-value encoder in C: what the bindings send for a table argument (with_phase's def,
 * ecs.addComponent's data, menu items ...). In Lua it cost a with_phase call about 7 us and most
 * of its 600 instructions (a key list, a sort, a pack per item and a concat per table).
 *
 *   priv.tagged_encoder() -> tagged
 *   tagged(v) -> bytes
 *             -> nil, problem, value, keys   when v cannot be encoded
 *
 * The bytes: nil \0, false \1, true \2, a number \3 <d>, a string \4 <s4>, a table \5 <I4 n> and
 * its n (key, value) pairs, keys sorted: numbers (ascending) before strings (bytewise, as Lua's
 * `<` orders them in the C locale). Tables are read raw (no metamethods). `problem` names what is
 * wrong ("finite", "key_range", "key_type", "cycle", "depth", "size" or "type"), `value` is the
 * offending value or key, and `keys` the keys from v down to the table holding it. The wording is
 * the bindings' (prelude.lua), whose Lua encoder gives the same bytes and problems where this
 * one is missing (states without the runtime); tagged_encoder_test.ts compares the two.
 *
 * Each key is charged MG_TAGGED_KEY_COST instructions (the blocks are charged by the allocator):
 * the loops run in C, with no count hook inside, and MG_TAGGED_MAX_KEYS bounds one call. The
 * output and key blocks are the closure's upvalues, kept from call to call (a block grown past
 * MG_TAGGED_KEEP bytes is dropped after the call). Nothing in a call runs Lua code (tables are
 * read raw, and game code may not set __gc), so no call starts inside another.
 *
 * Included by one.cpp after hot_path.c (MgLimits) and command_sink.c (MG_MAX_SAFE, mg_put_u32).
 */

#define MG_TAGGED_MAX_DEPTH 32 /* MAX_DEPTH in prelude.lua, MAX_TAGGED_DEPTH in wire.ts */
#define MG_TAGGED_MAX_KEYS 100000 /* MAX_NODES in prelude.lua */
#define MG_TAGGED_KEY_COST 16
#define MG_TAGGED_OUT 256 /* the output block's first size */
#define MG_TAGGED_KEYS 32 /* the key block's first size, in keys */
#define MG_TAGGED_KEEP 65536

/* A table's key while its pairs are sorted: a number, or a string its table keeps alive. */
typedef struct MgTaggedKey {
  double num;
  const char *str; /* NULL for a number */
  size_t len;
} MgTaggedKey;

typedef struct MgTaggedEncoder {
  lua_State *L;
  /* Slots: the output block and the key block (upvalues), the offending value, the keys to it. */
  int out_slot, keys_slot, bad_slot, path_slot;
  char *out;
  size_t out_len, out_size;
  MgTaggedKey *keys; /* every open table's keys, the innermost last */
  size_t keys_len, keys_size;
  long keys_left;
  const char *problem;
  const void *open[MG_TAGGED_MAX_DEPTH];
} MgTaggedEncoder;

/* A bigger block of `size` bytes for slot `slot`, holding the first `used` bytes of `old`. */
static void *mg_tagged_grow(lua_State *L, int slot, const void *old, size_t used, size_t size) {
  void *block = lua_newuserdatauv(L, size, 0);
  if (used) memcpy(block, old, used);
  lua_replace(L, slot);
  return block;
}

static char *mg_tagged_room(MgTaggedEncoder *e, size_t n) {
  if (e->out_size - e->out_len < n) {
    size_t size = e->out_size * 2;
    while (size - e->out_len < n) size *= 2;
    e->out = (char *)mg_tagged_grow(e->L, e->out_slot, e->out, e->out_len, size);
    e->out_size = size;
  }
  char *at = e->out + e->out_len;
  e->out_len += n;
  return at;
}

static void mg_tagged_number(MgTaggedEncoder *e, double v) {
  char *at = mg_tagged_room(e, 9);
  at[0] = 3;
  memcpy(at + 1, &v, 8); /* WebAssembly is little-endian */
}

static void mg_tagged_string(MgTaggedEncoder *e, const char *s, size_t len) {
  char *at = mg_tagged_room(e, 5 + len);
  at[0] = 4;
  mg_put_u32(at + 1, (uint32_t)len);
  memcpy(at + 5, s, len);
}

/* Fail with `problem`, the value at `index` being the offending one. */
static int mg_tagged_fail(MgTaggedEncoder *e, const char *problem, int index) {
  e->problem = problem;
  if (index != 0) {
    lua_pushvalue(e->L, index);
    lua_replace(e->L, e->bad_slot);
  }
  return 0;
}

static int mg_tagged_key_order(const void *pa, const void *pb) {
  const MgTaggedKey *a = (const MgTaggedKey *)pa, *b = (const MgTaggedKey *)pb;
  if (!a->str || !b->str) {
    if (a->str) return 1;
    if (b->str) return -1;
    return a->num < b->num ? -1 : a->num > b->num;
  }
  int c = memcmp(a->str, b->str, a->len < b->len ? a->len : b->len);
  return c != 0 ? c : a->len < b->len ? -1 : a->len > b->len;
}

/* Push the value of key `k` of the table at `t` (raw). */
static void mg_tagged_value_of(lua_State *L, int t, const MgTaggedKey *k) {
  if (k->str) {
    lua_pushlstring(L, k->str, k->len);
    lua_rawget(L, t);
  } else if (k->num == (double)(lua_Integer)k->num) {
    lua_rawgeti(L, t, (lua_Integer)k->num); /* Lua keeps integral float keys as integers */
  } else {
    lua_pushnumber(L, k->num);
    lua_rawget(L, t);
  }
}

static void mg_tagged_push_key(lua_State *L, const MgTaggedKey *k) {
  if (k->str) lua_pushlstring(L, k->str, k->len);
  else if (k->num == (double)(lua_Integer)k->num) lua_pushinteger(L, (lua_Integer)k->num);
  else lua_pushnumber(L, k->num);
}

static int mg_tagged_value(MgTaggedEncoder *e, int index, int depth);

/* The table at `t` (an absolute index): its keys checked in next() order, then its pairs. */
static int mg_tagged_table(MgTaggedEncoder *e, int t, int depth) {
  lua_State *L = e->L;
  const void *self = lua_topointer(L, t);
  for (int i = 0; i < depth; i++) {
    if (e->open[i] == self) return mg_tagged_fail(e, "cycle", 0);
  }
  if (depth >= MG_TAGGED_MAX_DEPTH) return mg_tagged_fail(e, "depth", 0);
  size_t first = e->keys_len;
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    MgTaggedKey k = {0, NULL, 0};
    if (lua_type(L, -1) == LUA_TSTRING) {
      k.str = lua_tolstring(L, -1, &k.len);
    } else if (lua_type(L, -1) == LUA_TNUMBER) {
      k.num = lua_tonumber(L, -1);
      /* A key beyond 2^53 - 1 (MAXI in the prelude) is out of range, compared exactly. */
      lua_Integer max = (lua_Integer)MG_MAX_SAFE;
      int out = lua_isinteger(L, -1)
        ? lua_tointeger(L, -1) > max || lua_tointeger(L, -1) < -max
        : k.num != k.num || k.num > MG_MAX_SAFE || k.num < -MG_MAX_SAFE;
      if (out) {
        mg_tagged_fail(e, "key_range", -1);
        lua_pop(L, 1);
        return 0;
      }
    } else {
      mg_tagged_fail(e, "key_type", -1);
      lua_pop(L, 1);
      return 0;
    }
    if (e->keys_len == e->keys_size) {
      size_t size = e->keys_size * 2;
      e->keys = (MgTaggedKey *)mg_tagged_grow(L, e->keys_slot, e->keys,
                                              e->keys_len * sizeof(MgTaggedKey),
                                              size * sizeof(MgTaggedKey));
      e->keys_size = size;
    }
    e->keys[e->keys_len++] = k;
  }
  size_t n = e->keys_len - first;
  e->keys_left -= (long)n;
  if (e->keys_left < 0) return mg_tagged_fail(e, "size", 0);
  qsort(e->keys + first, n, sizeof(MgTaggedKey), mg_tagged_key_order);
  char *head = mg_tagged_room(e, 5);
  head[0] = 5;
  mg_put_u32(head + 1, (uint32_t)n);
  e->open[depth] = self;
  for (size_t i = 0; i < n; i++) {
    /* Read through the block each time: encoding a value may move it. */
    MgTaggedKey k = e->keys[first + i];
    if (k.str) mg_tagged_string(e, k.str, k.len);
    else mg_tagged_number(e, k.num);
    mg_tagged_value_of(L, t, &k);
    int ok = mg_tagged_value(e, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
    if (!ok) {
      /* On the way out, each table names its key in the path to the offending value. */
      if (lua_type(L, e->path_slot) != LUA_TTABLE) {
        lua_createtable(L, depth + 1, 0);
        lua_replace(L, e->path_slot);
      }
      mg_tagged_push_key(L, &k);
      lua_rawseti(L, e->path_slot, depth + 1);
      return 0;
    }
  }
  e->keys_len = first;
  return 1;
}

static int mg_tagged_value(MgTaggedEncoder *e, int index, int depth) {
  lua_State *L = e->L;
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      *mg_tagged_room(e, 1) = 0;
      return 1;
    case LUA_TBOOLEAN:
      *mg_tagged_room(e, 1) = lua_toboolean(L, index) ? 2 : 1;
      return 1;
    case LUA_TNUMBER: {
      double v = lua_tonumber(L, index);
      if (v != v || v == HUGE_VAL || v == -HUGE_VAL) return mg_tagged_fail(e, "finite", index);
      mg_tagged_number(e, v);
      return 1;
    }
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, index, &len);
      mg_tagged_string(e, s, len);
      return 1;
    }
    case LUA_TTABLE:
      if (!lua_checkstack(L, 4)) luaL_error(L, "tagged value: no room on the stack");
      return mg_tagged_table(e, lua_absindex(L, index), depth);
    default:
      return mg_tagged_fail(e, "type", index);
  }
}

static int mg_tagged(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  MgTaggedEncoder e;
  memset(&e, 0, sizeof e);
  e.L = L;
  e.out_slot = lua_upvalueindex(1);
  e.out = (char *)lua_touserdata(L, e.out_slot);
  e.out_size = lua_rawlen(L, e.out_slot);
  e.keys_slot = lua_upvalueindex(2);
  e.keys = (MgTaggedKey *)lua_touserdata(L, e.keys_slot);
  e.keys_size = lua_rawlen(L, e.keys_slot) / sizeof(MgTaggedKey);
  lua_pushnil(L);
  e.bad_slot = lua_gettop(L);
  lua_pushnil(L);
  e.path_slot = lua_gettop(L);
  e.keys_left = MG_TAGGED_MAX_KEYS;
  int ok = mg_tagged_value(&e, 1, 0);
  mg_limits_of(L)->used += (double)(MG_TAGGED_MAX_KEYS - e.keys_left) * MG_TAGGED_KEY_COST;
  if (ok) lua_pushlstring(L, e.out, e.out_len);
  if (e.out_size > MG_TAGGED_KEEP) {
    lua_newuserdatauv(L, MG_TAGGED_OUT, 0);
    lua_replace(L, e.out_slot);
  }
  if (e.keys_size * sizeof(MgTaggedKey) > MG_TAGGED_KEEP) {
    lua_newuserdatauv(L, MG_TAGGED_KEYS * sizeof(MgTaggedKey), 0);
    lua_replace(L, e.keys_slot);
  }
  if (ok) return 1;
  lua_pushnil(L);
  lua_pushstring(L, e.problem);
  lua_pushvalue(L, e.bad_slot);
  if (lua_type(L, e.path_slot) == LUA_TTABLE) lua_pushvalue(L, e.path_slot);
  else lua_createtable(L, 0, 0);
  return 4;
}

/* priv.tagged_encoder(): a new encoder with its own blocks. */
static int mg_tagged_encoder(lua_State *L) {
  lua_newuserdatauv(L, MG_TAGGED_OUT, 0);
  lua_newuserdatauv(L, MG_TAGGED_KEYS * sizeof(MgTaggedKey), 0);
  lua_pushcclosure(L, mg_tagged, 2);
  return 1;
}

/* The encoder's maker, as a pointer for lua_pushcclosure. */
lua_CFunction mg_tagged_encoder_function(void) { return mg_tagged_encoder; }
