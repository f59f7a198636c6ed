/*
 * The sandbox's math.random, seeded per callback in C. Each callback's random sequence starts
 * from its own two seed words (the engine derives them from the run seed, the frame and the
 * callback), but most callbacks never draw a number, so the seed is applied on the first draw.
 * In Lua that was a wrapper function, a flag and a call to math.randomseed on every first draw,
 * and the runner stored the words in upvalues for every callback; here the words go straight from
 * the request into the state's MgLimits (the unpacker's `S` items, fixed_unpack.c) and the draw
 * seeds itself as math.randomseed(a, b) would, so every sequence is the one it was.
 *
 * `priv.seeded_random(random, randomseed)` (mg_seeded_random) takes Lua's own math.random and
 * math.randomseed and returns the two functions the sandbox installs in their place, sharing the
 * library's generator state:
 *   random(...)       seeds from the pending words if the running callback has not drawn yet,
 *                     then draws as math.random does;
 *   randomseed(...)   as math.randomseed, and the callback's words are no longer pending.
 * `priv.set_seed(a, b)` (mg_set_seed) makes (a, b) the pending words: the load seed, before the
 * game's top level runs.
 *
 * Included by one.cpp after hot_path.c and lmathlib.c (whose generator it drives).
 */

/* Make (a, b) the seed the next draw applies. */
static void mg_pending_seed(MgLimits *g, uint32_t a, uint32_t b) {
  g->seed_a = a;
  g->seed_b = b;
  g->seeded = 0;
}

static int mg_random(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  if (!g->seeded) {
    RanState *state = (RanState *)lua_touserdata(L, lua_upvalueindex(1));
    g->seeded = 1;
    setseed(L, state->s, (lua_Unsigned)g->seed_a, (lua_Unsigned)g->seed_b);
    lua_pop(L, 2); /* setseed's two results */
  }
  return math_random(L); /* its upvalue 1 is this closure's: the same state */
}

static int mg_randomseed(lua_State *L) {
  mg_limits_of(L)->seeded = 1;
  return math_randomseed(L);
}

/* seeded_random(random, randomseed): see the top of this file. */
static int mg_seeded_random(lua_State *L) {
  if (lua_tocfunction(L, 1) != math_random || lua_tocfunction(L, 2) != math_randomseed ||
      lua_getupvalue(L, 1, 1) == NULL) {
    return luaL_error(L, "seeded_random: expects math.random and math.randomseed");
  }
  int state = lua_gettop(L);
  lua_pushvalue(L, state);
  lua_pushcclosure(L, mg_random, 1);
  lua_pushvalue(L, state);
  lua_pushcclosure(L, mg_randomseed, 1);
  return 2;
}

/* set_seed(a, b): see the top of this file. */
static int mg_set_seed(lua_State *L) {
  lua_Integer a = luaL_checkinteger(L, 1), b = luaL_checkinteger(L, 2);
  luaL_argcheck(L, a >= 0 && a <= 0xFFFFFFFF, 1, "a seed word is 32 bits");
  luaL_argcheck(L, b >= 0 && b <= 0xFFFFFFFF, 2, "a seed word is 32 bits");
  mg_pending_seed(mg_limits_of(L), (uint32_t)a, (uint32_t)b);
  return 0;
}

/* The two makers, as pointers for lua_pushcclosure. */
lua_CFunction mg_seeded_random_function(void) { return mg_seeded_random; }
lua_CFunction mg_set_seed_function(void) { return mg_set_seed; }
