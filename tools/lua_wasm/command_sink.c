/*
 * The command sink: where the game's commands are queued during a batch, as the bytes of the
 * reply (the layout string.pack gives: little-endian, no alignment). The bindings' own checks in
 * Lua, a call to `rt.put` and a string.pack flush were most of what a command cost; here a
 * command is one C call. `priv.sink_library(cap, overflow)` (mg_sink_library) returns:
 *
 *   command(slow, op, kinds, checks, min1, max1, ...) -> a binding: checks its arguments by
 *     `kinds` (one letter each: n number, z integer, i entity id, b boolean, s string; in capitals
 *     when the argument is optional), `checks` (nil, or a table whose [i] checks string argument
 *     i further: a set of the strings it may be, set[s] == true, or a function of it that returns
 *     true when it passes: a loaded asset's key, a global function's name) and the ranges given,
 *     and queues op and the arguments (I2, then d, d, d, B, s4; an optional one as a presence
 *     byte B, then its value when present). Anything it does not accept goes to `slow`, the
 *     binding generated in Lua, which raises the precise error (or, for a number given as a
 *     string, converts it and queues through `put`).
 *   builder(slow, states, code, kinds, checks, min1, max1, ...) -> a builder method: checks its
 *     arguments after self as command does, and appends the record (code, then the arguments,
 *     encoded as a command's) to self's state, states[self], returning self. A self with no
 *     state, or arguments it does not accept, go to `slow`.
 *   append(st, bytes) appends an encoded record to a builder's state (its Lua methods').
 *   put(fmt, ...)   queues string.pack(fmt, ...) for fmt of B I2 I4 i8 d s4 items.
 *   emit(bytes)     queues encoded bytes.
 *   emit_built(st, id) queues the command a builder's state makes: st.op, id, the text st.src
 *                   when it has one, the record count and the records (I2 d [s4] I4 ...).
 *   take()          the queued bytes as a string; the sink is then empty.
 *   reset(live)     empties the sink; `live` says whether commands are queued at all (before the
 *                   first batch the bindings go the slow way, which warns instead).
 *   drop()          drops the commands of the last callback (the runner failed it afterwards).
 *   count()         commands queued since the last reset (profiled batches).
 *
 * A callback's commands start where the protected call (hot_path.c) found the sink; at most
 * sink_cap bytes may follow. Going over calls `overflow` (put, emit), which raises the error.
 *
 * Included by one.cpp after hot_path.c.
 */
#include <math.h>
#include <string.h>

#define MG_MAX_COMMAND_ARGS 16
/* The largest integer a double holds exactly, as the bindings check (MAXI in the prelude). */
#define MG_MAX_SAFE 9007199254740991.0

typedef struct MgArg {
  char kind;     /* n, z, i, b or s */
  char optional; /* may be nil or left out: a presence byte, then the value when present */
  char check;    /* a string checked further: MG_CHECK_SET or MG_CHECK_CALL */
  char has_min, has_max;
  double min, max;
} MgArg;

typedef struct MgCommand {
  uint16_t op;
  int nargs;
  MgArg arg[MG_MAX_COMMAND_ARGS];
} MgCommand;

/*
 * The next item of a pack format at *f: its letter, with its size digits in *bytes (0 when it
 * has none); 0 at the format's end. Also read by fixed_unpack.c.
 */
static char mg_format_item(const char **f, int *bytes) {
  char item = **f;
  if (item == 0) return 0;
  (*f)++;
  int n = 0;
  while (**f >= '0' && **f <= '9') {
    if (n < 1000) n = n * 10 + (**f - '0');
    (*f)++;
  }
  *bytes = n;
  return item;
}

/* Room for `more` bytes after the queued ones: grows the block (a memory error when refused). */
static char *mg_sink_room(lua_State *L, MgLimits *g, size_t more) {
  size_t need = (size_t)g->sink_len + more;
  if (need > g->sink_size) {
    size_t size = g->sink_size ? g->sink_size : 4096;
    while (size < need) size *= 2;
    g->sink = (char *)luaM_saferealloc_(L, g->sink, g->sink_size, size);
    g->sink_size = (uint32_t)size;
  }
  return g->sink + g->sink_len;
}

/* Whether the running callback may queue `more` bytes. */
static int mg_sink_fits(MgLimits *g, size_t more) {
  return (size_t)(g->sink_len - g->sink_start) + more <= g->sink_cap;
}

static void mg_put_u16(char *p, unsigned v) {
  p[0] = (char)(v & 0xff);
  p[1] = (char)(v >> 8);
}

static void mg_put_u32(char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (char)(v >> (8 * i));
}

/*
 * Whether argument `at` is a number of `kind` (n: finite; z: whole, within 2^53; i: an entity id,
 * a whole number within 2^53 but 0), as the bindings check it; its value in *v.
 */
static int mg_number_arg(lua_State *L, int at, char kind, double *v) {
  if (lua_type(L, at) != LUA_TNUMBER) return 0;
  if (lua_isinteger(L, at)) {
    lua_Integer iv = lua_tointeger(L, at);
    /* Beyond 2^53 a double rounds it: Lua's exact comparisons with the checks are the slow way's. */
    if (iv > (lua_Integer)MG_MAX_SAFE || iv < -(lua_Integer)MG_MAX_SAFE) return 0;
    *v = (double)iv;
  } else {
    *v = lua_tonumber(L, at);
    if (!isfinite(*v)) return 0;
    if (kind != 'n' && (*v != floor(*v) || *v > MG_MAX_SAFE || *v < -MG_MAX_SAFE)) return 0;
  }
  return kind != 'i' || *v != 0;
}

#define MG_CHECK_SET 1  /* checks[i] is the set of the strings argument i may be */
#define MG_CHECK_CALL 2 /* checks[i] is a function of argument i, true when it passes */

/*
 * Whether the string at `at` passes argument i's check in the table at index `checks`. A check
 * function is called unprotected (a protected call from C costs more than the whole slow way of a
 * short binding): the ones the bindings pass (has_asset, is_callback) raise nothing of their own,
 * and what may still end them (the instruction budget, the memory cap) would end the slow way too.
 */
static int mg_checked(lua_State *L, const MgArg *a, int checks, int i, int at) {
  lua_rawgeti(L, checks, i + 1);
  int ok;
  if (a->check == MG_CHECK_SET) {
    lua_pushvalue(L, at);
    ok = lua_type(L, -2) == LUA_TTABLE && lua_rawget(L, -2) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 2);
    return ok;
  }
  lua_pushvalue(L, at);
  lua_call(L, 1, 1);
  ok = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return ok;
}

/*
 * Check arguments first .. first + c->nargs - 1 by c's kinds, checks (the table at index
 * `checks`) and ranges: 1 when they pass (the numbers in num, whether each optional one is
 * present in has, the encoded size, op included, in *size), 0 when the slow way must take them.
 * The caller checked that no more arguments than c->nargs were given.
 */
static int mg_args_pass(lua_State *L, const MgCommand *c, int first, int checks, double *num,
                        char *has, size_t *size) {
  *size = 2;
  for (int i = 0; i < c->nargs; i++) {
    const MgArg *a = &c->arg[i];
    int at = first + i;
    has[i] = !lua_isnoneornil(L, at);
    if (a->optional) {
      *size += 1;
      if (!has[i]) continue;
    }
    if (a->kind == 's') {
      if (lua_type(L, at) != LUA_TSTRING) return 0;
      if (a->check && !mg_checked(L, a, checks, i, at)) return 0;
      *size += 4 + lua_rawlen(L, at);
      continue;
    }
    if (a->kind == 'b') {
      if (lua_type(L, at) != LUA_TBOOLEAN) return 0;
      *size += 1;
      continue;
    }
    double v;
    if (!mg_number_arg(L, at, a->kind, &v)) return 0;
    if ((a->has_min && v < a->min) || (a->has_max && v > a->max)) return 0;
    num[i] = v;
    *size += 8;
  }
  return 1;
}

/* Encode c's op and the arguments mg_args_pass accepted at p (I2, then d, d, d, B, s4). */
static void mg_args_write(lua_State *L, const MgCommand *c, int first, const double *num,
                          const char *has, char *p) {
  mg_put_u16(p, c->op);
  p += 2;
  for (int i = 0; i < c->nargs; i++) {
    char kind = c->arg[i].kind;
    if (c->arg[i].optional) {
      *p++ = has[i];
      if (!has[i]) continue;
    }
    if (kind == 's') {
      size_t len;
      const char *s = lua_tolstring(L, first + i, &len);
      mg_put_u32(p, (uint32_t)len);
      memcpy(p + 4, s, len);
      p += 4 + len;
    } else if (kind == 'b') {
      *p++ = (char)lua_toboolean(L, first + i);
    } else {
      memcpy(p, &num[i], 8);
      p += 8;
    }
  }
}

/* Call the slow way (upvalue 1) with the n arguments; its results are the binding's. */
static int mg_slow(lua_State *L, int n) {
  lua_settop(L, n);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

/* A binding's fast path (see the top of this file). */
static int mg_command(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  const MgCommand *c = (const MgCommand *)lua_touserdata(L, lua_upvalueindex(2));
  int n = lua_gettop(L);
  double num[MG_MAX_COMMAND_ARGS];
  char has[MG_MAX_COMMAND_ARGS];
  size_t size;
  if (!g->sink_live || n > c->nargs) return mg_slow(L, n);
  if (!mg_args_pass(L, c, 1, lua_upvalueindex(3), num, has, &size)) return mg_slow(L, n);
  if (!mg_sink_fits(g, size)) return mg_slow(L, n);
  mg_args_write(L, c, 1, num, has, mg_sink_room(L, g, size));
  g->sink_len += (uint32_t)size;
  g->sink_count++;
  return 0;
}

/*
 * A builder's records, back to back, in st[1] (a userdata, replaced by a larger one as it fills):
 * a method appends its bytes there, where it made a string per record that build() joined (most of
 * a method's time). Built again, a builder queues them all again: it can serve as a template.
 */
typedef struct MgRecords {
  size_t len, cap;
  uint32_t count;
  unsigned char data[];
} MgRecords;

/* The records of the state at stack index `st`, or NULL when it has none yet. */
static MgRecords *mg_records_of(lua_State *L, int st) {
  MgRecords *r = lua_rawgeti(L, st, 1) == LUA_TUSERDATA ? (MgRecords *)lua_touserdata(L, -1) : NULL;
  lua_pop(L, 1);
  return r;
}

/* Room for a record of `need` bytes at the end of the state's records (counted). */
static unsigned char *mg_records_room(lua_State *L, int st, size_t need) {
  MgRecords *r = mg_records_of(L, st);
  size_t len = r ? r->len : 0;
  if (r == NULL || r->cap - len < need) {
    size_t cap = r ? r->cap : 32;
    /* (The state's memory cap stops a builder long before this.) */
    if (need > ((size_t)1 << 30) - len) luaL_error(L, "builder: its records are too large");
    while (cap - len < need) cap *= 2;
    MgRecords *grown = (MgRecords *)lua_newuserdatauv(L, sizeof(MgRecords) + cap, 0);
    grown->len = len;
    grown->cap = cap;
    grown->count = r ? r->count : 0;
    if (r) memcpy(grown->data, r->data, len);
    lua_rawseti(L, st, 1);
    r = grown;
  }
  unsigned char *p = r->data + r->len;
  r->len += need;
  r->count++;
  return p;
}

/* append(st, bytes): see the top of this file. */
static int mg_builder_append(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t len;
  const char *bytes = luaL_checklstring(L, 2, &len);
  memcpy(mg_records_room(L, 1, len), bytes, len);
  return 0;
}

/*
 * A builder method's fast path (see the top of this file): self's state is BST[self] (upvalue 3);
 * the record (c's op, the record's code, and the arguments after self) is appended to its records,
 * as the method generated in Lua does through append, and self is returned.
 */
static int mg_builder_method(lua_State *L) {
  const MgCommand *c = (const MgCommand *)lua_touserdata(L, lua_upvalueindex(2));
  int n = lua_gettop(L);
  double num[MG_MAX_COMMAND_ARGS];
  char has[MG_MAX_COMMAND_ARGS];
  size_t size;
  if (n < 1 || n > c->nargs + 1) return mg_slow(L, n);
  if (!mg_args_pass(L, c, 2, lua_upvalueindex(4), num, has, &size)) return mg_slow(L, n);
  /* Left-out optional arguments: the state goes above the last slot the checks looked at. */
  lua_settop(L, c->nargs + 1);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(3)) != LUA_TTABLE) return mg_slow(L, n);
  /* The arguments are still on the stack while the records grow (which may collect garbage). */
  mg_args_write(L, c, 2, num, has, (char *)mg_records_room(L, c->nargs + 2, size));
  lua_pushvalue(L, 1);
  return 1;
}

/*
 * The MgCommand of op and kinds, the checks table at index `checks` (or nil there), ranges from
 * `first` on (a pair per argument), on the stack.
 */
static void mg_new_command(lua_State *L, lua_Integer op, const char *kinds, size_t nargs,
                           int checks, int first) {
  luaL_argcheck(L, lua_isnil(L, checks) || lua_istable(L, checks), checks,
                "checks must be a table or nil");
  luaL_argcheck(L, op >= 0 && op <= 0xffff, checks - 2, "op must fit in 16 bits");
  luaL_argcheck(L, nargs <= MG_MAX_COMMAND_ARGS, checks - 1, "too many arguments");
  MgCommand *c = (MgCommand *)lua_newuserdatauv(L, sizeof(MgCommand), 0);
  memset(c, 0, sizeof(MgCommand));
  c->op = (uint16_t)op;
  c->nargs = (int)nargs;
  for (size_t i = 0; i < nargs; i++) {
    MgArg *a = &c->arg[i];
    char kind = kinds[i];
    a->optional = kind >= 'A' && kind <= 'Z';
    a->kind = a->optional ? (char)(kind - 'A' + 'a') : kind;
    luaL_argcheck(L, a->kind != 0 && strchr("nzibs", a->kind) != NULL, checks - 1, "unknown argument kind");
    if (lua_istable(L, checks)) {
      int t = lua_rawgeti(L, checks, (lua_Integer)i + 1);
      lua_pop(L, 1);
      a->check = t == LUA_TTABLE ? MG_CHECK_SET : t == LUA_TFUNCTION ? MG_CHECK_CALL : 0;
      luaL_argcheck(L, t == LUA_TNIL || a->check != 0, checks, "a check must be a table or a function");
      luaL_argcheck(L, !a->check || a->kind == 's', checks, "only a string argument has a check");
    }
    int at = first + 2 * (int)i;
    if (!lua_isnoneornil(L, at)) {
      a->has_min = 1;
      a->min = luaL_checknumber(L, at);
    }
    if (!lua_isnoneornil(L, at + 1)) {
      a->has_max = 1;
      a->max = luaL_checknumber(L, at + 1);
    }
  }
}

/* command(slow, op, kinds, checks, min1, max1, ...): see the top of this file. */
static int mg_sink_command(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_Integer op = luaL_checkinteger(L, 2);
  size_t nargs;
  const char *kinds = luaL_checklstring(L, 3, &nargs);
  luaL_argcheck(L, nargs <= MG_MAX_COMMAND_ARGS, 3, "too many arguments");
  lua_settop(L, 4 + 2 * (int)nargs); /* ranges not given are nil */
  lua_pushvalue(L, 1);
  mg_new_command(L, op, kinds, nargs, 4, 5);
  lua_pushvalue(L, 4);
  lua_pushcclosure(L, mg_command, 3);
  return 1;
}

/* builder(slow, states, code, kinds, checks, min1, max1, ...): see the top of this file. */
static int mg_sink_builder(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_Integer code = luaL_checkinteger(L, 3);
  size_t nargs;
  const char *kinds = luaL_checklstring(L, 4, &nargs);
  luaL_argcheck(L, nargs <= MG_MAX_COMMAND_ARGS, 4, "too many arguments");
  lua_settop(L, 5 + 2 * (int)nargs);
  lua_pushvalue(L, 1);
  mg_new_command(L, code, kinds, nargs, 5, 6);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 5);
  lua_pushcclosure(L, mg_builder_method, 4);
  return 1;
}

/* Queue `len` bytes at once, or raise the overflow error. */
static char *mg_sink_reserve(lua_State *L, MgLimits *g, size_t len) {
  if (!mg_sink_fits(g, len)) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 0);
    luaL_error(L, "command sink: overflow did not raise");
  }
  return mg_sink_room(L, g, len);
}

/* put(fmt, ...): string.pack("<" .. fmt, ...) into the sink. */
static int mg_sink_put(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  const char *fmt = luaL_checkstring(L, 1);
  /* First the size, checking every value; then the bytes. */
  size_t size = 0;
  int at = 2, bytes;
  char item;
  for (const char *f = fmt; (item = mg_format_item(&f, &bytes)) != 0; at++) {
    if (item == 'd' && bytes == 0) {
      luaL_checknumber(L, at);
      size += 8;
    } else if (item == 's' && bytes == 4) {
      size_t len;
      luaL_checklstring(L, at, &len);
      size += 4 + len;
    } else if ((item == 'B' && bytes == 0) || ((item == 'I' || item == 'i') && (bytes == 2 || bytes == 4 || bytes == 8))) {
      lua_Integer v = luaL_checkinteger(L, at);
      int n = bytes ? bytes : 1;
      if (n < 8) {
        lua_Integer lim = (lua_Integer)1 << (n * 8 - (item == 'i' ? 1 : 0));
        luaL_argcheck(L, item == 'i' ? (-lim <= v && v < lim) : (v >= 0 && v < lim), at, "integer overflow");
      }
      size += (size_t)n;
    } else {
      return luaL_error(L, "put: format item '%c%s' is not one the sink packs", item, bytes ? "<n>" : "");
    }
  }
  char *p = mg_sink_reserve(L, g, size);
  at = 2;
  for (const char *f = fmt; (item = mg_format_item(&f, &bytes)) != 0; at++) {
    if (item == 'd') {
      double v = (double)lua_tonumber(L, at);
      memcpy(p, &v, 8);
      p += 8;
    } else if (item == 's') {
      size_t len;
      const char *s = lua_tolstring(L, at, &len);
      mg_put_u32(p, (uint32_t)len);
      memcpy(p + 4, s, len);
      p += 4 + len;
    } else {
      lua_Integer v = lua_tointeger(L, at);
      int n = bytes ? bytes : 1;
      for (int i = 0; i < n; i++) *p++ = (char)((lua_Unsigned)v >> (8 * i));
    }
  }
  g->sink_len += (uint32_t)size;
  g->sink_count++;
  return 0;
}

/* emit(bytes): queue encoded bytes. */
static int mg_sink_emit(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char *p = mg_sink_reserve(L, g, len);
  memcpy(p, s, len);
  g->sink_len += (uint32_t)len;
  g->sink_count++;
  return 0;
}

/* emit_built(st, id): see the top of this file. */
static int mg_sink_emit_built(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Number id = luaL_checknumber(L, 2);
  lua_getfield(L, 1, "op");
  lua_Integer op = luaL_checkinteger(L, -1);
  luaL_argcheck(L, op >= 0 && op <= 0xffff, 1, "op must fit in 16 bits");
  size_t src_len = 0;
  const char *src = lua_getfield(L, 1, "src") == LUA_TNIL ? NULL : luaL_checklstring(L, -1, &src_len);
  const MgRecords *r = mg_records_of(L, 1);
  size_t len = 2 + 8 + (src ? 4 + src_len : 0) + 4 + (r ? r->len : 0);
  char *p = mg_sink_reserve(L, g, len);
  mg_put_u16(p, (uint16_t)op);
  memcpy(p + 2, &id, 8);
  p += 10;
  if (src) {
    mg_put_u32(p, (uint32_t)src_len);
    memcpy(p + 4, src, src_len);
    p += 4 + src_len;
  }
  mg_put_u32(p, r ? r->count : 0);
  if (r) memcpy(p + 4, r->data, r->len);
  g->sink_len += (uint32_t)len;
  g->sink_count++;
  return 0;
}

/* Empty the sink; a large block is given back (it counts against the state's memory cap). */
static void mg_sink_empty(lua_State *L, MgLimits *g) {
  g->sink_len = g->sink_start = 0;
  if (g->sink_size > 65536) {
    luaM_freemem(L, g->sink, g->sink_size);
    g->sink = NULL;
    g->sink_size = 0;
  }
}

/* take(): the queued bytes; the sink is left empty. */
static int mg_sink_take(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  lua_pushlstring(L, g->sink ? g->sink : "", g->sink_len);
  mg_sink_empty(L, g);
  return 1;
}

/* reset(live): empty the sink (see the top of this file). */
static int mg_sink_reset(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  mg_sink_empty(L, g);
  g->sink_count = g->start_count = 0;
  g->sink_live = lua_toboolean(L, 1);
  return 0;
}

/* drop(): the last callback's commands go. */
static int mg_sink_drop(lua_State *L) {
  mg_sink_rewind(mg_limits_of(L));
  return 0;
}

static int mg_sink_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)mg_limits_of(L)->sink_count);
  return 1;
}

/* The block goes with the state: freed when this sentinel is collected (at lua_close). */
static int mg_sink_gc(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  if (g->sink) luaM_freemem(L, g->sink, g->sink_size);
  g->sink = NULL;
  g->sink_size = g->sink_len = g->sink_start = 0;
  return 0;
}

/*
 * mg_sink_library(cap, overflow): the sink's functions (see the top of this file) as a table,
 * `cap` the command bytes one callback may queue and `overflow` the function raising the error
 * for a callback that queues more.
 */
static int mg_sink_library(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  lua_Integer cap = luaL_checkinteger(L, 1);
  luaL_argcheck(L, cap > 0 && cap < 0x40000000, 1, "cap out of range");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  g->sink_cap = (uint32_t)cap;
  lua_createtable(L, 0, 8);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, mg_sink_put, 1);
  lua_setfield(L, -2, "put");
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, mg_sink_emit, 1);
  lua_setfield(L, -2, "emit");
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, mg_sink_emit_built, 1);
  lua_setfield(L, -2, "emit_built");
  lua_pushcfunction(L, mg_builder_append);
  lua_setfield(L, -2, "append");
  lua_pushcfunction(L, mg_sink_command);
  lua_setfield(L, -2, "command");
  lua_pushcfunction(L, mg_sink_builder);
  lua_setfield(L, -2, "builder");
  lua_pushcfunction(L, mg_sink_take);
  lua_setfield(L, -2, "take");
  lua_pushcfunction(L, mg_sink_reset);
  lua_setfield(L, -2, "reset");
  lua_pushcfunction(L, mg_sink_drop);
  lua_setfield(L, -2, "drop");
  lua_pushcfunction(L, mg_sink_count);
  lua_setfield(L, -2, "count");
  /* The sentinel lives in the registry, so only lua_close collects it (made once per state). */
  if (lua_getfield(L, LUA_REGISTRYINDEX, "mg_sink_block") == LUA_TNIL) {
    lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, mg_sink_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, "mg_sink_block");
  }
  lua_pop(L, 1);
  return 1;
}

/* The sink library's opener, as a pointer for lua_pushcclosure. */
lua_CFunction mg_sink_library_function(void) { return mg_sink_library; }
