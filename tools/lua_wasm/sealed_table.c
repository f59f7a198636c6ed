/*
 * Sealed tables (sealed_tables.patch): the sandbox's frozen tables keep their own fields, so that
 * game code reads a global, a library function or a module's field as fast as any table's (a
 * field behind an __index table cost a metamethod step per read), and are sealed, so that no
 * write reaches those fields but through __newindex, which refuses. Raw sets still write them:
 * the sandbox's rawset refuses frozen tables itself.
 *
 *   priv.seal(t, on)       seals t (or unseals it: a reload's top level writes the globals);
 *   priv.exchange(a, b)    swaps the fields of two tables as they are laid out (array and hash
 *                          parts), each keeping its identity, metatable and seal. Freezing lays a
 *                          table out as a copy made in next() order and exchanges it in, so that
 *                          pairs() visits its keys in the order it always has; a reload exchanges
 *                          whole sets of globals in and out.
 *
 * Included by one.cpp after the Lua sources (it uses their internals).
 */

/* Counts the seals set, cleared and exchanged: what a traceback's search for names reads changed
 * (name_cache.c keeps its answers until then). */
static lua_Integer mg_seal_epoch = 0;

static Table *mg_table_arg(lua_State *L, int arg) {
  luaL_checktype(L, arg, LUA_TTABLE);
  return hvalue(index2value(L, arg));
}

static int mg_seal(lua_State *L) {
  Table *t = mg_table_arg(L, 1);
  mg_seal_epoch++;
  if (lua_toboolean(L, 2)) t->flags |= BITSEALED;
  else t->flags &= cast_byte(~BITSEALED);
  return 0;
}

/* t's fields changed behind the collector's and the metamethod cache's back. */
static void mg_fields_changed(lua_State *L, Table *t) {
  invalidateTMcache(t);
  /* A table the collector already traversed is traversed again (it may hold new white objects). */
  if (isblack(obj2gco(t))) luaC_barrierback_(L, obj2gco(t));
}

static int mg_exchange(lua_State *L) {
  Table *a = mg_table_arg(L, 1), *b = mg_table_arg(L, 2);
  if (a == b) return 0;
  mg_seal_epoch++;
  TValue *array = a->array;
  unsigned int alimit = a->alimit;
  Node *node = a->node, *lastfree = a->lastfree;
  lu_byte lsizenode = a->lsizenode, ras = a->flags & BITRAS;
  a->array = b->array, a->alimit = b->alimit, a->node = b->node, a->lastfree = b->lastfree;
  a->lsizenode = b->lsizenode;
  a->flags = cast_byte((a->flags & ~BITRAS) | (b->flags & BITRAS));
  b->array = array, b->alimit = alimit, b->node = node, b->lastfree = lastfree;
  b->lsizenode = lsizenode;
  b->flags = cast_byte((b->flags & ~BITRAS) | ras);
  mg_fields_changed(L, a);
  mg_fields_changed(L, b);
  return 0;
}

/* The two functions, as pointers for lua_pushcclosure. */
lua_CFunction mg_seal_function(void) { return mg_seal; }
lua_CFunction mg_exchange_function(void) { return mg_exchange; }
