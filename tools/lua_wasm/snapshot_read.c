/*
 * The read bindings' fast path (engine.get_integer, engine.has_flag, input.isKeyPressed,
 * ecs.getComponent, ...): `priv.read_binding(slow, rt, spec)` makes a C function that checks its
 * arguments and looks the value up in the snapshot (`rt.snap`, along `spec.path`) in one call, as
 * the binding generated in Lua (`slow`) does; anything it does not accept goes to `slow`, which
 * raises the precise error. The Lua binding took a function call, three to five `type` calls and a
 * table lookup per step: a read cost about 2.5 times a command.
 *
 * spec = {
 *   kinds = "si",                    -- per parameter: s string, i entity id
 *   choices = { [1] = set },         -- a parameter's allowed strings (set[s] == true), if any
 *   path = { "components", 1, 2 },   -- keys under rt.snap; a number n is parameter n's value
 *   result = "value",                -- value, boolean, present, xy or cvar_value
 * }
 *
 * Each step is a lookup through metamethods (the snapshot's tables are read-only views), after
 * the same check as the Lua binding's: a value that is not a table ends the path with the miss
 * value (nil; false for boolean and present; nil, nil for xy). A CVar the snapshot lacks
 * (`cvar_value`) goes to `slow`, which also looks for one the callback defined.
 *
 * Included by one.cpp after command_sink.c (whose check of an entity id it shares).
 */

#define MG_READ_MAX 8 /* parameters, path steps */

enum { MG_READ_VALUE, MG_READ_BOOLEAN, MG_READ_PRESENT, MG_READ_XY, MG_READ_CVAR };

typedef struct MgRead {
  int nparams;
  char kind[MG_READ_MAX];
  int choices[MG_READ_MAX]; /* whether parameter i has a set of allowed strings */
  int npath;
  int param[MG_READ_MAX];   /* path step k: the parameter whose value is the key (1-based), or 0 */
  int result;
} MgRead;

/* Upvalues of a read binding. */
#define MG_READ_SLOW lua_upvalueindex(1)
#define MG_READ_RT lua_upvalueindex(2)
#define MG_READ_SPEC lua_upvalueindex(3)    /* MgRead userdata */
#define MG_READ_KEYS lua_upvalueindex(4)    /* path step k's key at k (string steps) */
#define MG_READ_CHOICES lua_upvalueindex(5) /* parameter i's set at i */

/* Whether argument `at` is what a parameter of `kind` accepts without conversion. */
static int mg_read_arg(lua_State *L, const MgRead *r, int i) {
  int at = i + 1;
  if (r->kind[i] == 's') {
    if (lua_type(L, at) != LUA_TSTRING) return 0;
    if (!r->choices[i]) return 1;
    lua_rawgeti(L, MG_READ_CHOICES, at);
    lua_pushvalue(L, at);
    int ok = lua_rawget(L, -2) == LUA_TBOOLEAN && lua_toboolean(L, -1);
    lua_pop(L, 2);
    return ok;
  }
  double id;
  return mg_number_arg(L, at, 'i', &id);
}

static int mg_read_miss(lua_State *L, const MgRead *r) {
  if (r->result == MG_READ_BOOLEAN || r->result == MG_READ_PRESENT) {
    lua_pushboolean(L, 0);
    return 1;
  }
  lua_pushnil(L);
  if (r->result != MG_READ_XY) return 1;
  lua_pushnil(L);
  return 2;
}

static int mg_read(lua_State *L) {
  const MgRead *r = (const MgRead *)lua_touserdata(L, MG_READ_SPEC);
  int n = lua_gettop(L);
  if (n != r->nparams) goto slow;
  for (int i = 0; i < n; i++) {
    if (!mg_read_arg(L, r, i)) goto slow;
  }
  lua_getfield(L, MG_READ_RT, "snap");
  for (int k = 0; k < r->npath; k++) {
    if (lua_type(L, -1) != LUA_TTABLE) return mg_read_miss(L, r);
    if (r->param[k] > 0) lua_pushvalue(L, r->param[k]);
    else lua_rawgeti(L, MG_READ_KEYS, k + 1);
    lua_gettable(L, -2);
    lua_remove(L, -2);
  }
  switch (r->result) {
    case MG_READ_BOOLEAN:
      lua_pushboolean(L, lua_type(L, -1) == LUA_TBOOLEAN && lua_toboolean(L, -1));
      return 1;
    case MG_READ_PRESENT:
      lua_pushboolean(L, !lua_isnil(L, -1));
      return 1;
    case MG_READ_XY:
      if (lua_type(L, -1) != LUA_TTABLE) return mg_read_miss(L, r);
      lua_getfield(L, -1, "x");
      lua_getfield(L, -2, "y");
      if (lua_isnil(L, -2)) {
        lua_pop(L, 2);
        lua_geti(L, -1, 1);
        lua_geti(L, -2, 2);
      }
      return 2;
    case MG_READ_CVAR:
      if (lua_type(L, -1) != LUA_TTABLE) goto slow_clear;
      lua_getfield(L, -1, "value");
      return 1;
    default:
      return 1;
  }
slow_clear:
  lua_settop(L, n);
slow:
  lua_pushvalue(L, MG_READ_SLOW);
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

static const char *const MG_READ_RESULTS[] = {"value", "boolean", "present", "xy", "cvar_value", NULL};

/* read_binding(slow, rt, spec): see the top of this file. */
static int mg_read_binding(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  lua_pushvalue(L, 1);                                     /* 4: slow */
  lua_pushvalue(L, 2);                                     /* 5: rt */
  MgRead *r = (MgRead *)lua_newuserdatauv(L, sizeof(MgRead), 0); /* 6 */
  memset(r, 0, sizeof *r);
  lua_getfield(L, 3, "kinds");
  size_t nparams;
  const char *kinds = luaL_checklstring(L, -1, &nparams);
  luaL_argcheck(L, nparams <= MG_READ_MAX, 3, "too many parameters");
  r->nparams = (int)nparams;
  for (size_t i = 0; i < nparams; i++) {
    luaL_argcheck(L, kinds[i] == 's' || kinds[i] == 'i', 3, "unknown parameter kind");
    r->kind[i] = kinds[i];
  }
  lua_pop(L, 1);
  lua_getfield(L, 3, "result");
  r->result = luaL_checkoption(L, -1, NULL, MG_READ_RESULTS);
  lua_pop(L, 1);
  lua_createtable(L, MG_READ_MAX, 0);                      /* 7: keys */
  lua_getfield(L, 3, "path");
  luaL_checktype(L, -1, LUA_TTABLE);
  r->npath = (int)luaL_len(L, -1);
  luaL_argcheck(L, r->npath <= MG_READ_MAX, 3, "path too long");
  for (int k = 0; k < r->npath; k++) {
    lua_geti(L, -1, k + 1);
    if (lua_type(L, -1) == LUA_TNUMBER) {
      lua_Integer p = lua_tointeger(L, -1);
      luaL_argcheck(L, p >= 1 && p <= r->nparams, 3, "a path step names no parameter");
      r->param[k] = (int)p;
      lua_pop(L, 1);
    } else {
      luaL_argcheck(L, lua_type(L, -1) == LUA_TSTRING, 3, "a path step is neither key nor parameter");
      lua_rawseti(L, 7, k + 1);
    }
  }
  lua_pop(L, 1);
  lua_createtable(L, MG_READ_MAX, 0);                      /* 8: choices */
  lua_getfield(L, 3, "choices");
  if (!lua_isnil(L, -1)) {
    luaL_checktype(L, -1, LUA_TTABLE);
    for (int i = 0; i < r->nparams; i++) {
      if (lua_geti(L, -1, i + 1) == LUA_TTABLE && r->kind[i] == 's') {
        r->choices[i] = 1;
        lua_rawseti(L, 8, i + 1);
      } else {
        lua_pop(L, 1);
      }
    }
  }
  lua_pop(L, 1);
  lua_pushcclosure(L, mg_read, 5);
  return 1;
}

/* read_binding, as a pointer for lua_pushcclosure. */
lua_CFunction mg_read_binding_function(void) { return mg_read_binding; }
