/*
 * The reader behind `ecs.getComponent`: `priv.component_reader(layout, at, meta, max_safe, note)`
 * makes the `__index` of snap.components, which points the runtime's component cursor at an
 * entity's record (found by a binary search, `mg_record_at` in fixed_unpack.c) and returns it, and
 * the cursor, whose `__index` decodes component `name` of that record (`at[2]`, a 1-based position
 * in the components part `at[1]`; components_part.ts has the layout) into a new read-only copy (see
 * priv.copy_meta in sandbox.lua): a table of its fields, sealed (sealed_table.c), whose metatable
 * is `meta`. "Transform" is derived from Position, Rotation and Scale; any other name the layout
 * lacks, or a component the entity lacks, gives nil.
 *
 * In Lua, a read took about a dozen calls (type checks, the unpack, the number conversions) and
 * three tables (the fields, an empty copy and its metatable): most of ecs.getComponent's time.
 * Here it is one call and one table, and what it costs the callback's budget is that table's
 * allocation alone, the same whatever the state read before.
 *
 * A copy is a clone of a template made once per component (its fields inserted in the layout's
 * sorted order into a table sized for them), its values then written in place: inserting the keys
 * one by one was most of a read's time. Clones share their template's node layout, so `pairs`
 * visits the fields in the order it did when Lua decoded them (component_read_test.ts).
 *
 * Included by one.cpp after fixed_unpack.c (whose `mg_u32` it shares) and the Lua sources (it
 * seals the copies as sealed_table.c does).
 */
#include <string.h>

#define MG_COMP_MAX 16        /* components in the layout (the mask is 16 bits) */
#define MG_COMP_MAX_FIELDS 4  /* fields of one component */
#define MG_COMP_NAME 16       /* bytes of a field name, with its NUL */

typedef struct MgComponent {
  int fields;
  int text; /* 1: every field is a <s4> string; 0: every field is a <d> */
  char name[MG_COMP_MAX_FIELDS][MG_COMP_NAME];
} MgComponent;

#define MG_TRANSFORM_FIELDS 5 /* rotation, sx, sy, x, y */

/* A copy's template: a table with its keys, and the node of each field's value. */
typedef struct MgTemplate {
  Table *t;
  int node[MG_TRANSFORM_FIELDS];
} MgTemplate;

typedef struct MgComponents {
  int count;
  int position, rotation, scale; /* 1-based bits of Transform's parts, 0 when absent */
  lua_Number max_safe;
  MgComponent c[MG_COMP_MAX];
  /* By bit (0: Transform); each table is kept alive as the layout userdata's user value. */
  MgTemplate tmpl[MG_COMP_MAX + 1];
} MgComponents;

/* Upvalues of the reader. */
#define MG_COMP_LAYOUT lua_upvalueindex(1) /* MgComponents userdata */
#define MG_COMP_BITS lua_upvalueindex(2)   /* component name -> 1-based bit; Transform -> 0 */
#define MG_COMP_AT lua_upvalueindex(3)     /* { part, position, noting } */
#define MG_COMP_META lua_upvalueindex(4)   /* the copies' metatable */

/* Whether s[at, len) holds `need` bytes. */
static int mg_comp_has(size_t len, size_t at, size_t need) { return at <= len && len - at >= need; }

/* Set `o` to a number as the runtime gives numbers to Lua: a whole one within max_safe as an integer. */
static void mg_comp_number(TValue *o, lua_Number v, lua_Number max_safe) {
  if (v >= -max_safe && v <= max_safe && v == (lua_Number)(lua_Integer)v) {
    setivalue(o, (lua_Integer)v);
  } else {
    setfltvalue(o, v);
  }
}

/* Push a new table with template `m`'s keys and node layout (its values are the template's until
 * written through mg_comp_value). */
static Table *mg_comp_clone(lua_State *L, const MgTemplate *m) {
  const Table *tmpl = m->t;
  Table *t = luaH_new(L);
  sethvalue2s(L, L->top.p, t);
  api_incr_top(L);
  if (!isdummy(tmpl)) {
    luaH_resize(L, t, 0, sizenode(tmpl));
    memcpy(t->node, tmpl->node, sizeof(Node) * sizenode(tmpl));
    t->lastfree = t->node + (tmpl->lastfree - tmpl->node);
  }
  return t;
}

/* The value of field `f` of a clone of template `m`. */
static TValue *mg_comp_value(Table *t, const MgTemplate *m, int f) { return gval(gnode(t, m->node[f])); }

/* The little-endian double at b (wasm is little-endian, as fixed_unpack.c reads them too). */
static lua_Number mg_comp_double(const unsigned char *b) {
  lua_Number v;
  memcpy(&v, b, sizeof v);
  return v;
}

/* The position after component `c`'s fields at `at`, or (size_t)-1 past the end of the part. */
static size_t mg_comp_skip(const MgComponent *c, const unsigned char *s, size_t len, size_t at) {
  if (!c->text) return mg_comp_has(len, at, 8 * (size_t)c->fields) ? at + 8 * (size_t)c->fields : (size_t)-1;
  for (int f = 0; f < c->fields; f++) {
    if (!mg_comp_has(len, at, 4)) return (size_t)-1;
    size_t n = mg_u32(s + at);
    at += 4;
    if (!mg_comp_has(len, at, n)) return (size_t)-1;
    at += n;
  }
  return at;
}

/* Make the table on top of the stack a read-only copy: sealed, under the copies' metatable. */
static void mg_comp_seal(lua_State *L) {
  lua_pushvalue(L, MG_COMP_META);
  lua_setmetatable(L, -2);
  hvalue(s2v(L->top.p - 1))->flags |= BITSEALED;
}

static int mg_comp_corrupt(lua_State *L) {
  return luaL_error(L, "components part: a record runs past the end of the part");
}

static int mg_component_read(lua_State *L) {
  const MgComponents *layout = (const MgComponents *)lua_touserdata(L, MG_COMP_LAYOUT);
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  lua_pushvalue(L, 2);
  if (lua_rawget(L, MG_COMP_BITS) != LUA_TNUMBER) return 0;
  int bit = (int)lua_tointeger(L, -1);
  lua_rawgeti(L, MG_COMP_AT, 1);
  lua_rawgeti(L, MG_COMP_AT, 2);
  size_t len;
  const unsigned char *s = (const unsigned char *)lua_tolstring(L, -2, &len);
  lua_Integer pos = lua_tointeger(L, -1);
  if (s == NULL || pos < 1 || !mg_comp_has(len, (size_t)pos - 1, 2)) return mg_comp_corrupt(L);
  size_t at = (size_t)pos - 1;
  unsigned mask = (unsigned)s[at] | (unsigned)s[at + 1] << 8;
  at += 2;
  int want = bit == 0 ? layout->position : bit;
  if (want == 0 || !(mask & 1u << (want - 1))) return 0;
  if (bit == 0) {
    /* Transform: from Position, Rotation and Scale (numeric components). */
    lua_Number x = 0, y = 0, rotation = 0, sx = 1, sy = 1;
    int has_rotation = 0, has_scale = 0;
    for (int b = 1; b <= layout->count; b++) {
      if (!(mask & 1u << (b - 1))) continue;
      const MgComponent *c = &layout->c[b - 1];
      size_t next = mg_comp_skip(c, s, len, at);
      if (next == (size_t)-1) return mg_comp_corrupt(L);
      if (b == layout->position) {
        x = mg_comp_double(s + at);
        y = mg_comp_double(s + at + 8);
      } else if (b == layout->rotation) {
        rotation = mg_comp_double(s + at);
        has_rotation = 1;
      } else if (b == layout->scale) {
        sx = mg_comp_double(s + at);
        sy = mg_comp_double(s + at + 8);
        has_scale = 1;
      }
      at = next;
    }
    const MgTemplate *m = &layout->tmpl[0];
    Table *t = mg_comp_clone(L, m);
    /* Without Rotation or Scale, their defaults are the integers 0 and 1 (as mg_comp_number
     * gives whole numbers). */
    mg_comp_number(mg_comp_value(t, m, 0), has_rotation ? rotation : 0, layout->max_safe);
    mg_comp_number(mg_comp_value(t, m, 1), has_scale ? sx : 1, layout->max_safe);
    mg_comp_number(mg_comp_value(t, m, 2), has_scale ? sy : 1, layout->max_safe);
    mg_comp_number(mg_comp_value(t, m, 3), x, layout->max_safe);
    mg_comp_number(mg_comp_value(t, m, 4), y, layout->max_safe);
  } else {
    for (int b = 1; b < bit; b++) {
      if (!(mask & 1u << (b - 1))) continue;
      at = mg_comp_skip(&layout->c[b - 1], s, len, at);
      if (at == (size_t)-1) return mg_comp_corrupt(L);
    }
    const MgComponent *c = &layout->c[bit - 1];
    if (mg_comp_skip(c, s, len, at) == (size_t)-1) return mg_comp_corrupt(L);
    const MgTemplate *m = &layout->tmpl[bit];
    /* Texts are made first (on the stack): the copy is then filled with no allocation between. */
    for (int f = 0; c->text && f < c->fields; f++) {
      size_t n = mg_u32(s + at);
      lua_pushlstring(L, (const char *)s + at + 4, n);
      at += 4 + n;
    }
    Table *t = mg_comp_clone(L, m);
    for (int f = 0; f < c->fields; f++) {
      if (c->text) {
        TValue *v = mg_comp_value(t, m, f);
        setobj2t(L, v, s2v(L->top.p - 1 - c->fields + f));
        luaC_barrierback(L, obj2gco(t), v);
      } else {
        mg_comp_number(mg_comp_value(t, m, f), mg_comp_double(s + at), layout->max_safe);
        at += 8;
      }
    }
    if (c->text && c->fields > 0) {
      lua_replace(L, -1 - c->fields);
      lua_pop(L, c->fields - 1);
    }
  }
  mg_comp_seal(L);
  luaC_checkGC(L);
  return 1;
}

/*
 * snap.components[id]: the cursor pointed at entity `id`'s record (at[2] = its position), or nil
 * when the part has none or `id` is not a key a table would take as an integer. While at[3] is
 * true (a collision run) the read is noted first (`note(id)`, in Lua). Upvalues: at, cursor, note.
 */
static int mg_component_entity(lua_State *L) {
  lua_Integer id;
  if (lua_isinteger(L, 2)) id = lua_tointeger(L, 2);
  else if (lua_type(L, 2) != LUA_TNUMBER || !lua_numbertointeger(lua_tonumber(L, 2), &id)) return 0;
  else if (lua_tonumber(L, 2) != (lua_Number)id) return 0;
  lua_rawgeti(L, lua_upvalueindex(1), 3);
  if (lua_toboolean(L, -1)) {
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushinteger(L, id);
    lua_call(L, 1, 0);
  }
  lua_rawgeti(L, lua_upvalueindex(1), 1);
  size_t len;
  const unsigned char *part = (const unsigned char *)lua_tolstring(L, -1, &len);
  lua_Number at = part == NULL ? 0 : mg_record_at(part, len, (lua_Number)id);
  if (at == 0) return 0;
  lua_pushinteger(L, (lua_Integer)at);
  lua_rawseti(L, lua_upvalueindex(1), 2);
  lua_pushvalue(L, lua_upvalueindex(2));
  return 1;
}

/* The bit of component `name` in the bits table on top of the stack, 0 when it has none. */
static int mg_comp_bit_of(lua_State *L, const char *name) {
  lua_getfield(L, -1, name);
  int bit = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return bit;
}

/* Whether the component of `bit` is absent (0) or has `fields` numeric fields. */
static int mg_comp_numbers(const MgComponents *layout, int bit, int fields) {
  return bit == 0 || (!layout->c[bit - 1].text && layout->c[bit - 1].fields == fields);
}

/*
 * Make template `k` (0: Transform) with the fields `names` (inserted in that order), kept alive as
 * user value k + 1 of the layout userdata at stack index 6.
 */
static void mg_comp_template(lua_State *L, MgComponents *layout, int k, const char *const *names,
                             int n, int text) {
  lua_createtable(L, 0, n);
  for (int f = 0; f < n; f++) {
    if (text) lua_pushliteral(L, "");
    else lua_pushinteger(L, 0);
    lua_setfield(L, -2, names[f]);
  }
  MgTemplate *m = &layout->tmpl[k];
  m->t = hvalue(s2v(L->top.p - 1));
  for (int f = 0; f < n; f++) {
    TString *key = luaS_new(L, names[f]); /* short: interned, so the node holds this one */
    m->node[f] = -1;
    for (int i = 0; i < (int)sizenode(m->t); i++) {
      Node *node = gnode(m->t, i);
      if (keyisshrstr(node) && keystrval(node) == key) m->node[f] = i;
    }
    luaL_argcheck(L, m->node[f] >= 0, 1, "a field name is not a short string");
  }
  lua_setiuservalue(L, 6, k + 1);
}

/*
 * component_reader(layout, at, meta, max_safe, note): for `layout` (a list of
 * { name =, fields = { ... }, text = 0 | 1 }, in bit order: proto.component.layout), the cursor's
 * state `at` ({ part, position, noting }) and the copies' metatable `meta`, the `__index` of
 * snap.components (id -> the cursor) and the cursor itself, whose `__index` reads a component.
 */
static int mg_component_reader(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_Number max_safe = luaL_checknumber(L, 4);
  luaL_checktype(L, 5, LUA_TFUNCTION);
  lua_settop(L, 5);
  int count = (int)luaL_len(L, 1);
  luaL_argcheck(L, count <= MG_COMP_MAX, 1, "too many components");
  MgComponents *layout = (MgComponents *)lua_newuserdatauv(L, sizeof(MgComponents), count + 1);
  memset(layout, 0, sizeof *layout);
  layout->count = count;
  layout->max_safe = max_safe;
  lua_createtable(L, 0, count + 1); /* the bits by name */
  for (int b = 1; b <= count; b++) {
    MgComponent *c = &layout->c[b - 1];
    lua_rawgeti(L, 1, b);
    lua_getfield(L, -1, "text");
    c->text = lua_tointeger(L, -1) == 1;
    lua_pop(L, 1);
    lua_getfield(L, -1, "fields");
    c->fields = (int)luaL_len(L, -1);
    luaL_argcheck(L, c->fields <= MG_COMP_MAX_FIELDS, 1, "a component has too many fields");
    for (int f = 0; f < c->fields; f++) {
      lua_rawgeti(L, -1, f + 1);
      size_t n;
      const char *name = lua_tolstring(L, -1, &n);
      luaL_argcheck(L, name != NULL && n < MG_COMP_NAME, 1, "a field name is too long");
      memcpy(c->name[f], name, n + 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_getfield(L, -1, "name"); /* ... bits entry name */
    lua_pushinteger(L, b);
    lua_rawset(L, -4);
    lua_pop(L, 1);
  }
  lua_pushinteger(L, 0);
  lua_setfield(L, -2, "Transform");
  layout->position = mg_comp_bit_of(L, "Position");
  layout->rotation = mg_comp_bit_of(L, "Rotation");
  layout->scale = mg_comp_bit_of(L, "Scale");
  /* Transform reads its parts' numbers straight from their records. */
  luaL_argcheck(L, mg_comp_numbers(layout, layout->position, 2), 1, "Position must be two numbers");
  luaL_argcheck(L, mg_comp_numbers(layout, layout->rotation, 1), 1, "Rotation must be one number");
  luaL_argcheck(L, mg_comp_numbers(layout, layout->scale, 2), 1, "Scale must be two numbers");
  static const char *const transform[MG_TRANSFORM_FIELDS] = {"rotation", "sx", "sy", "x", "y"};
  mg_comp_template(L, layout, 0, transform, MG_TRANSFORM_FIELDS, 0);
  for (int b = 1; b <= count; b++) {
    const MgComponent *c = &layout->c[b - 1];
    const char *names[MG_COMP_MAX_FIELDS];
    for (int f = 0; f < c->fields; f++) names[f] = c->name[f];
    mg_comp_template(L, layout, b, names, c->fields, c->text);
  }
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_pushcclosure(L, mg_component_read, 4); /* 6: the reader (it took the layout and bits) */
  lua_createtable(L, 0, 0);                   /* 7: the cursor, read through the reader */
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, 6);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, 7);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 7);
  lua_pushvalue(L, 5);
  lua_pushcclosure(L, mg_component_entity, 3);
  lua_pushvalue(L, 7);
  return 2;
}

/* The reader maker, as a pointer for lua_pushcclosure. */
lua_CFunction mg_component_reader_function(void) { return mg_component_reader; }
