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

static int mg_unpack(lua_State *L) {
  const MgUnpacker *u = (const MgUnpacker *)lua_touserdata(L, lua_upvalueindex(1));
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer pos = luaL_checkinteger(L, 2) - 1;
  luaL_argcheck(L, pos >= 0 && (size_t)pos <= len, 2, "initial position out of string");
  size_t at = (size_t)pos;
  luaL_checkstack(L, u->results + 1, "too many results");
  const unsigned char *b = (const unsigned char *)s;
  int seeds = 0;
  uint32_t seed_a = 0;
  for (int i = 0; i < u->n; i++) {
    char item = u->item[i];
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
        lua_pushlstring(L, s + at + 4, n);
        at += 4 + n;
        break;
      }
    }
  }
  lua_pushinteger(L, (lua_Integer)at + 1);
  return u->results + 1;
}

/* unpacker(fmt): the compiled unpacker of `fmt` (see the top of this file). */
static int mg_unpacker(lua_State *L) {
  const char *fmt = luaL_checkstring(L, 1);
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
  lua_pushcclosure(L, mg_unpack, 1);
  return 1;
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
