/*
 * Unpackers of fixed layouts: `priv.unpacker(fmt)` compiles a little-endian string.unpack format
 * once and returns a function `u(s, p)` giving the same values and the next position. The batch
 * runtime reads every callback's context with one such call (string.unpack parsed the format on
 * every call: most of a context's decoding time).
 *
 * Items: B (byte), I4, i8 (integers), d (float), n (a double given as an integer when it is
 * one, as `math.tointeger(v) or v`), s4 (string with a 4-byte length). A leading '<' is allowed.
 * Two S items (each a 4-byte word, returned as nothing) are a callback's random seed: they become
 * the words math.random seeds itself from on its next draw (seeded_random.c).
 *
 * `priv.unpacker(fmt, dests)` also returns a filler and its binder, which write a callback's
 * context straight into its tables (see "Fillers" below).
 *
 * Also `mg_record_at`, which reads another fixed layout: a components part's index.
 *
 * Included by one.cpp after command_sink.c (whose format-item reader it shares).
 */
#include <string.h>

#define MG_UNPACK_MAX_ITEMS 200

typedef struct MgUnpacker {
  int n;       /* items */
  int results; /* values returned before the position (the S items return none) */
  char item[MG_UNPACK_MAX_ITEMS];
} MgUnpacker;

static uint32_t mg_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Bytes an item takes before any string text. */
static size_t mg_item_bytes(char item) {
  return item == 'B' ? 1 : item == 'I' || item == 's' || item == 'S' ? 4 : 8;
}

/* Push the values of `u`'s items read from s[at, len) (arguments 1 and 2 of the caller); returns
 * the position after them. With `keep`, a string value whose bytes are those of the string
 * keep[value] holds is pushed as that string (a filler's slot: the text is most often the one the
 * context held, and a string made again is hashed and looked up in the string table). */
static size_t mg_unpack_push(lua_State *L, const MgUnpacker *u, TValue *const *keep) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer pos = luaL_checkinteger(L, 2) - 1;
  luaL_argcheck(L, pos >= 0 && (size_t)pos <= len, 2, "initial position out of string");
  size_t at = (size_t)pos;
  luaL_checkstack(L, u->results + 1, "too many results");
  const unsigned char *b = (const unsigned char *)s;
  int seeds = 0, value = 0;
  uint32_t seed_a = 0;
  for (int i = 0; i < u->n; i++) {
    char item = u->item[i];
    if (item != 'S') value++;
    if (len - at < mg_item_bytes(item)) return luaL_error(L, "data string too short");
    switch (item) {
      case 'B':
        lua_pushinteger(L, b[at]);
        at += 1;
        break;
      case 'I':
        lua_pushinteger(L, (lua_Integer)mg_u32(b + at));
        at += 4;
        break;
      case 'i': {
        int64_t v;
        memcpy(&v, b + at, 8);
        lua_pushinteger(L, (lua_Integer)v);
        at += 8;
        break;
      }
      case 'd':
      case 'n': {
        double v;
        memcpy(&v, b + at, 8);
        lua_Integer iv;
        /* As math.tointeger: only a whole number in range (l_floor, as luaV_flttointns). */
        if (item == 'n' && l_floor(v) == v && lua_numbertointeger(v, &iv)) lua_pushinteger(L, iv);
        else lua_pushnumber(L, v);
        at += 8;
        break;
      }
      case 'S':
        /* Stored once both are read: a short string leaves the pending seed as it was. */
        if (seeds++ == 0) seed_a = mg_u32(b + at);
        else mg_pending_seed(mg_limits_of(L), seed_a, mg_u32(b + at));
        at += 4;
        break;
      default: { /* 's' */
        size_t n = mg_u32(b + at);
        if (n > len - at - 4) return luaL_error(L, "data string too short");
        const TValue *held = keep != NULL ? keep[value - 1] : NULL;
        if (held != NULL && ttisstring(held) && tsslen(tsvalue(held)) == n &&
            memcmp(getstr(tsvalue(held)), s + at + 4, n) == 0) {
          setobj2s(L, L->top.p, held);
          api_incr_top(L);
        } else {
          lua_pushlstring(L, s + at + 4, n);
        }
        at += 4 + n;
        break;
      }
    }
  }
  return at;
}

static int mg_unpack(lua_State *L) {
  const MgUnpacker *u = (const MgUnpacker *)lua_touserdata(L, lua_upvalueindex(1));
  size_t at = mg_unpack_push(L, u, NULL);
  lua_pushinteger(L, (lua_Integer)at + 1);
  return u->results + 1;
}

/*
 * Fillers. unpacker(fmt, dests) returns `fill, bind` instead: dests lists where the values of
 * fmt go, each { value, kind, table, key }: `value` is a 0-based index among the values (the S
 * items have none), `table` the argument of bind the table is (1: a context, 3 to 6: its signal
 * stores) or the name of a field of bind's argument 2 (the pool: "pos" is P.pos), `kind` "v" (the
 * value), "b" (whether it is the integer 1), "q" (the sum of the squares of it and the next, two
 * floats) or "r" (returned; no table or key). bind(c, P, t1, t2, t3, t4) finds every destination's
 * slot in its table and returns true, or false when a key is missing (nothing is then bound).
 * fill(s, p) then reads one record as the unpacker would, writes each value into its slot and
 * returns the "r" values in their order and the position after the record.
 *
 * A slot is where the table keeps a key's value: it stays while no key is added to the table. The
 * runtime's loops write their contexts' keys at a context's first fill and only their values after,
 * and bind again every run, so a bound slot is always the key's.
 */
#define MG_FILL_MAX 96

typedef struct MgFill {
  MgUnpacker u;
  int n;
  int value[MG_FILL_MAX];
  char kind[MG_FILL_MAX];
  int nret; /* "r" destinations, which come first */
  int bound;
  Table *t[MG_FILL_MAX];
  TValue *slot[MG_FILL_MAX];
  TValue *keep[MG_UNPACK_MAX_ITEMS]; /* by value: a slot it is written to as it is ("v") */
} MgFill;

/* Upvalues of fill and bind: the MgFill userdata, and the destinations as given. */
#define MG_FILL_SPEC lua_upvalueindex(1)
#define MG_FILL_DESTS lua_upvalueindex(2)

static int mg_fill(lua_State *L) {
  MgFill *f = (MgFill *)lua_touserdata(L, MG_FILL_SPEC);
  if (!f->bound) return luaL_error(L, "filler: not bound");
  lua_settop(L, 2);
  size_t at = mg_unpack_push(L, &f->u, f->keep);
  StkId base = L->top.p - f->u.results;
  for (int i = f->nret; i < f->n; i++) {
    TValue *v = s2v(base + f->value[i]), *slot = f->slot[i];
    switch (f->kind[i]) {
      case 'b':
        if (ttisinteger(v) && ivalue(v) == 1) setbtvalue(slot);
        else setbfvalue(slot);
        break;
      case 'q': {
        lua_Number x = fltvalue(v), y = fltvalue(s2v(base + f->value[i] + 1));
        setfltvalue(slot, x * x + y * y);
        break;
      }
      default:
        setobj2t(L, slot, v);
        luaC_barrierback(L, obj2gco(f->t[i]), v);
    }
  }
  for (int i = 0; i < f->nret; i++) setobjs2s(L, base + i, base + f->value[i]);
  lua_settop(L, 2 + f->nret);
  lua_pushinteger(L, (lua_Integer)at + 1);
  return f->nret + 1;
}

static int mg_fill_bind(lua_State *L) {
  MgFill *f = (MgFill *)lua_touserdata(L, MG_FILL_SPEC);
  f->bound = 0;
  memset(f->keep, 0, sizeof f->keep);
  lua_settop(L, 6);
  for (int i = f->nret; i < f->n; i++) {
    lua_rawgeti(L, MG_FILL_DESTS, i + 1); /* 7 */
    if (lua_rawgeti(L, 7, 3) == LUA_TNUMBER) {
      int k = (int)lua_tointeger(L, 8);
      if (k < 1 || k > 6) goto missing;
      lua_pushvalue(L, k);
      lua_replace(L, 8);
    } else {
      lua_rawget(L, 2); /* P[name] */
    }
    lua_rawgeti(L, 7, 4); /* 9: the key */
    if (lua_type(L, -2) != LUA_TTABLE || lua_type(L, -1) != LUA_TSTRING) goto missing;
    Table *t = hvalue(s2v(L->top.p - 2));
    const TValue *slot = luaH_getstr(t, tsvalue(s2v(L->top.p - 1)));
    if (isabstkey(slot)) goto missing;
    f->t[i] = t;
    f->slot[i] = (TValue *)slot;
    if (f->kind[i] == 'v') f->keep[f->value[i]] = (TValue *)slot;
    lua_settop(L, 6);
  }
  f->bound = 1;
  lua_pushboolean(L, 1);
  return 1;
missing:
  lua_pushboolean(L, 0);
  return 1;
}

static int mg_filler(lua_State *L, const MgUnpacker *u) {
  luaL_checktype(L, 2, LUA_TTABLE);
  MgFill *f = (MgFill *)lua_newuserdatauv(L, sizeof(MgFill), 0);
  memset(f, 0, sizeof *f);
  f->u = *u;
  f->n = (int)luaL_len(L, 2);
  luaL_argcheck(L, f->n <= MG_FILL_MAX, 2, "too many destinations");
  for (int i = 0; i < f->n; i++) {
    lua_rawgeti(L, 2, i + 1);
    luaL_checktype(L, -1, LUA_TTABLE);
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    lua_Integer value = lua_tointeger(L, -2);
    const char *kind = lua_tostring(L, -1);
    luaL_argcheck(L, kind != NULL && strchr("vbqr", kind[0]) && kind[0] != 0, 2, "unknown destination kind");
    int last = kind[0] == 'q' ? 1 : 0;
    luaL_argcheck(L, value >= 0 && value + last < u->results, 2, "a destination takes no value");
    /* First, in increasing order: fill moves them down the stack over the values before them. */
    luaL_argcheck(L, kind[0] != 'r' || (i == f->nret && (i == 0 || value > f->value[i - 1])), 2,
                  "returned values come first, in order");
    if (kind[0] == 'r') f->nret++;
    f->value[i] = (int)value;
    f->kind[i] = kind[0];
    lua_pop(L, 3);
  }
  /* A "q" squares two floats (only d items give floats); a "b" is Lua's `v == 1` for the integers
   * of B items alone. */
  for (int i = 0, k = 0; i < u->n; i++) {
    if (u->item[i] == 'S') continue;
    for (int j = 0; j < f->n; j++) {
      int first = f->value[j];
      if (f->kind[j] == 'q' && (k == first || k == first + 1)) {
        luaL_argcheck(L, u->item[i] == 'd', 2, "a sum of squares takes two d items");
      }
      if (f->kind[j] == 'b' && k == first) {
        luaL_argcheck(L, u->item[i] == 'B', 2, "a boolean takes a B item");
      }
    }
    k++;
  }
  lua_pushvalue(L, -1);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, mg_fill, 2);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, mg_fill_bind, 2);
  return 2;
}

/* unpacker(fmt): the compiled unpacker of `fmt` (see the top of this file). */
static int mg_unpacker(lua_State *L) {
  const char *fmt = luaL_checkstring(L, 1);
  lua_settop(L, 2); /* 2: the destinations, or nil */
  MgUnpacker *u = (MgUnpacker *)lua_newuserdatauv(L, sizeof(MgUnpacker), 0);
  u->n = u->results = 0;
  if (*fmt == '<') fmt++;
  char c;
  int bytes, seeds = 0;
  while ((c = mg_format_item(&fmt, &bytes)) != 0) {
    int sized = c == 'I' || c == 's' ? bytes == 4 : c == 'i' ? bytes == 8 : bytes == 0;
    if (!sized || !strchr("BIidnsS", c)) {
      return luaL_error(L, "unpacker: format item '%c' is not one it reads", c);
    }
    luaL_argcheck(L, u->n < MG_UNPACK_MAX_ITEMS, 1, "too many items");
    u->item[u->n++] = c;
    if (c == 'S') seeds++;
    else u->results++;
  }
  luaL_argcheck(L, seeds == 0 || seeds == 2, 1, "a seed is two S items");
  if (lua_isnil(L, 2)) {
    lua_pushcclosure(L, mg_unpack, 1);
    return 1;
  }
  return mg_filler(L, u);
}

/* The unpacker maker, as a pointer for lua_pushcclosure. */
lua_CFunction mg_unpacker_function(void) { return mg_unpacker; }

/*
 * A components part's index (components_part.ts: a u32 count n, n ascending u32 ids, n u32 record
 * positions, the records), searched in place for ecs.getComponent (component_read.c): a call out
 * to JavaScript cost more than the search. A part too short for what it counts has no records.
 */
/* Where entity `id`'s record is in the part `s[0, len)` (a 1-based position), or 0. */
static lua_Number mg_record_at(const unsigned char *s, size_t len, lua_Number id) {
  if (len < 4) return 0;
  uint32_t n = mg_u32(s);
  if (4 + 8 * (uint64_t)n > len) return 0;
  int64_t lo = 0, hi = (int64_t)n - 1;
  while (lo <= hi) {
    int64_t mid = (lo + hi) / 2;
    lua_Number at = (lua_Number)mg_u32(s + 4 + 4 * mid);
    if (at == id) return (lua_Number)mg_u32(s + 4 + 4 * ((int64_t)n + mid));
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
