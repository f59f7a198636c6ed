/*
 * The engine's tracebacks: luaL_traceback's text, with the global names of functions kept.
 *
 * luaL_traceback names a function by searching every loaded module (findfield over
 * package.loaded, two levels deep) at every level of the stack: most of what a failing callback
 * cost (about 15 us, of which the searches were half). Once the globals are frozen (the sandbox
 * seals _G and every table reachable from it, and findfield skips sealed tables) nothing that
 * search reads can change until a table is sealed or unsealed again (sealed_table.c counts those
 * changes in mg_seal_epoch): each function's answer is kept, by function, until then.
 *
 *   mg_traceback(L, L1, msg, level)   luaL_traceback, the names kept (the message handlers'),
 *   priv.cached_traceback(msg, level) the same from Lua (a C function, as debug.traceback is).
 *
 * Included by one.cpp after the Lua sources and sealed_table.c (it uses findfield, LEVELS1,
 * LEVELS2 and lastlevel of lauxlib.c, and mg_seal_epoch).
 */

#define MG_NAMES_KEY "moonglow.function_names"

/*
 * Push the table of the names found in this epoch (weak keys: the functions), made anew when the
 * epoch changed; 0 (and nothing pushed) while the globals are not sealed: the search reads them.
 * `loaded` is package.loaded's index.
 */
static int mg_names(lua_State *L, int loaded) {
  int sealed = lua_getfield(L, loaded, LUA_GNAME) == LUA_TTABLE && lua_issealed(L, -1);
  lua_pop(L, 1);
  if (!sealed) return 0;
  if (lua_getfield(L, LUA_REGISTRYINDEX, MG_NAMES_KEY) == LUA_TTABLE) {
    lua_pushliteral(L, "@epoch");
    lua_rawget(L, -2);
    lua_Integer epoch = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (epoch == mg_seal_epoch) return 1;
  }
  lua_pop(L, 1);
  lua_createtable(L, 0, 8);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushliteral(L, "@epoch");
  lua_pushinteger(L, mg_seal_epoch);
  lua_rawset(L, -3);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, MG_NAMES_KEY);
  return 1;
}

/* lauxlib's pushglobalfuncname, its answers kept (see mg_names). */
static int mg_pushglobalfuncname(lua_State *L, lua_Debug *ar) {
  int top = lua_gettop(L);
  lua_getinfo(L, "f", ar);  /* push function: top + 1 */
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);  /* top + 2 */
  int kept = mg_names(L, top + 2);  /* top + 3 when kept */
  if (kept) {
    lua_pushvalue(L, top + 1);
    int t = lua_rawget(L, top + 3);
    if (t == LUA_TSTRING) {
      lua_copy(L, -1, top + 1);
      lua_settop(L, top + 1);
      return 1;
    }
    lua_pop(L, 1);
    if (t == LUA_TBOOLEAN) {  /* searched before: no name */
      lua_settop(L, top);
      return 0;
    }
    lua_pushvalue(L, top + 2);  /* findfield searches the table on top */
  }
  luaL_checkstack(L, 6, "not enough stack");  /* slots for 'findfield' */
  int found = findfield(L, top + 1, 2);
  if (found) {
    const char *name = lua_tostring(L, -1);
    if (strncmp(name, LUA_GNAME ".", 3) == 0) {  /* name start with '_G.'? */
      lua_pushstring(L, name + 3);  /* push name without prefix */
      lua_remove(L, -2);  /* remove original name */
    }
  }
  if (kept) {
    lua_pushvalue(L, top + 1);
    if (found) lua_pushvalue(L, -2);
    else lua_pushboolean(L, 0);
    lua_rawset(L, top + 3);
  }
  if (!found) {
    lua_settop(L, top);
    return 0;
  }
  lua_copy(L, -1, top + 1);
  lua_settop(L, top + 1);
  return 1;
}

/* lauxlib's pushfuncname, over mg_pushglobalfuncname. */
static void mg_pushfuncname(lua_State *L, lua_Debug *ar) {
  if (mg_pushglobalfuncname(L, ar)) {  /* try first a global name */
    lua_pushfstring(L, "function '%s'", lua_tostring(L, -1));
    lua_remove(L, -2);  /* remove name */
  }
  else if (*ar->namewhat != '\0')  /* is there a name from code? */
    lua_pushfstring(L, "%s '%s'", ar->namewhat, ar->name);  /* use it */
  else if (*ar->what == 'm')  /* main? */
      lua_pushliteral(L, "main chunk");
  else if (*ar->what != 'C')  /* for Lua functions, use <file:line> */
    lua_pushfstring(L, "function <%s:%d>", ar->short_src, ar->linedefined);
  else  /* nothing left... */
    lua_pushliteral(L, "?");
}

/* luaL_traceback, over mg_pushfuncname. */
void mg_traceback(lua_State *L, lua_State *L1, const char *msg, int level) {
  luaL_Buffer b;
  lua_Debug ar;
  int last = lastlevel(L1);
  int limit2show = (last - level > LEVELS1 + LEVELS2) ? LEVELS1 : -1;
  luaL_buffinit(L, &b);
  if (msg) {
    luaL_addstring(&b, msg);
    luaL_addchar(&b, '\n');
  }
  luaL_addstring(&b, "stack traceback:");
  while (lua_getstack(L1, level++, &ar)) {
    if (limit2show-- == 0) {  /* too many levels? */
      int n = last - level - LEVELS2 + 1;  /* number of levels to skip */
      lua_pushfstring(L, "\n\t...\t(skipping %d levels)", n);
      luaL_addvalue(&b);  /* add warning about skip */
      level += n;  /* and skip to last levels */
    }
    else {
      lua_getinfo(L1, "Slnt", &ar);
      if (ar.currentline <= 0)
        lua_pushfstring(L, "\n\t%s: in ", ar.short_src);
      else
        lua_pushfstring(L, "\n\t%s:%d: in ", ar.short_src, ar.currentline);
      luaL_addvalue(&b);
      mg_pushfuncname(L, &ar);
      luaL_addvalue(&b);
      if (ar.istailcall)
        luaL_addstring(&b, "\n\t(...tail calls...)");
    }
  }
  luaL_pushresult(&b);
}

/* priv.cached_traceback(msg, level): mg_traceback from Lua, as debug.traceback(msg, level) is. */
static int mg_traceback_lua(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  int level = (int)luaL_optinteger(L, 2, 1);
  mg_traceback(L, L, msg, level);
  return 1;
}

/* The Lua function, as a pointer for lua_pushcclosure. */
lua_CFunction mg_traceback_function(void) { return mg_traceback_lua; }
