/*
 * The engine's per-allocation and per-callback work in C: the allocator that
 * enforces a state's memory cap and charges bytes to its instruction budget,
 * and the batch runner's protected call (`priv.call`). In JavaScript each
 * was a call out of WebAssembly and back per allocation and per callback;
 * the rare paths (a refused block, a failed or stopped call) still go to
 * JavaScript through the function pointers below.
 *
 * The budget and cap live in one MgLimits per Lua state, passed as the
 * allocator's user data. JavaScript reads and writes its numbers in wasm
 * memory (the offsets in src/lua/limit_cells.ts): the layout is checked here.
 *
 * Included by one.cpp, so compiled as C++ with the Lua sources.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One callback's cost, as take_costs hands them over: `<d ms> <d instructions> <I4 commands>
 * <I4 failed>` in a little-endian reply (batch_profile.ts reads them). */
typedef struct MgCost {
  double ms;
  double instructions;
  uint32_t commands;
  uint32_t failed;
} MgCost;
static_assert(sizeof(MgCost) == 24, "MgCost layout");

typedef struct MgLimits {
  double used;          /* instructions charged to the running call */
  double memory_used;   /* bytes the state holds */
  double max_bytes;     /* the memory cap, applied while `capped` */
  int32_t capped;       /* whether the cap applies (only while a call runs) */
  int32_t memory_hit;   /* an allocation was refused for the cap in this call */
  int32_t limit_raised; /* the budget (or a stop) error was raised in this call */
  int32_t hook_count;   /* the count hook's interval while a callback runs */
  lua_Hook hook;        /* the budget hook (JavaScript) */
  void (*refused)(void);                   /* a block was refused: note where (JavaScript) */
  void (*failed)(lua_State *L, int status); /* a protected call failed (JavaScript) */
  lua_CFunction slow_call;                 /* the whole call, the rare way (JavaScript) */
  int32_t stopped;      /* the engine stopped this state: set by JavaScript when it sees it */
  int32_t until_check;  /* protected calls before the next one made by JavaScript */
  lua_CFunction counted_call;              /* the profiled protected call (JavaScript) */
  int32_t counted_errors;       /* a profiled run's failed callbacks (JavaScript zeroes and reads) */
  double counted_instructions;  /* a profiled run's instructions (JavaScript zeroes and reads) */
  /* The command sink (command_sink.c): the batch's commands so far, in a block of this state's. */
  char *sink;
  uint32_t sink_len;    /* bytes queued */
  uint32_t sink_size;   /* bytes allocated */
  uint32_t sink_start;  /* where the running (or last) callback's commands start */
  uint32_t sink_count;  /* commands queued since the sink was reset */
  uint32_t start_count; /* sink_count when that callback started */
  uint32_t sink_cap;    /* most command bytes one callback may queue */
  int32_t sink_live;    /* commands are queued (the first batch has begun) */
  /* math.random's pending seed (seeded_random.c): the running callback's two words. */
  uint32_t seed_a;
  uint32_t seed_b;
  int32_t seeded;       /* math.random has applied them (or the game seeded it itself) */
  /* A profiled batch that asks for each callback's cost (priv.each_costs): one MgCost per call. */
  int32_t each;         /* record each callback's cost */
  uint32_t ncosts;      /* costs recorded */
  uint32_t costs_size;  /* costs the buffer holds */
  uint32_t costs_cap;   /* costs allocated (kept between batches; freed by mg_limits_free) */
  MgCost *costs;
  /* The running group: the recorded callbacks from `group_first` on, of one function. */
  uint32_t group_first;
  const void *group_fn;
  double cost_start;    /* when the group's first callback started (ms) */
} MgLimits;

/* The host's monotonic clock in milliseconds (wasm_imports.ts): one import call, no WASI struct. */
__attribute__((import_module("env"), import_name("mg_clock_ms"))) double mg_clock_ms(void);

/* 1 instruction per 64 bytes: BYTES_PER_INSTRUCTION in limits.ts. */
#define MG_BYTES_PER_INSTRUCTION 64.0
/*
 * Every this many protected calls, JavaScript makes one (reading the shared stop flag, which
 * WebAssembly cannot): a stop that the hook never sees (callbacks too short to reach it) still
 * fails the rest of a batch within this many callbacks.
 */
#define MG_STOP_CHECK_EVERY 64

/* The offsets src/lua/limit_cells.ts reads and writes. */
#define MG_AT(field, offset) \
  static_assert(offsetof(MgLimits, field) == offset, "MgLimits layout: " #field)
MG_AT(used, 0);
MG_AT(memory_used, 8);
MG_AT(max_bytes, 16);
MG_AT(capped, 24);
MG_AT(memory_hit, 28);
MG_AT(limit_raised, 32);
MG_AT(hook_count, 36);
MG_AT(hook, 40);
MG_AT(refused, 44);
MG_AT(failed, 48);
MG_AT(slow_call, 52);
MG_AT(stopped, 56);
MG_AT(until_check, 60);
MG_AT(counted_call, 64);
MG_AT(counted_errors, 68);
MG_AT(counted_instructions, 72);
/* JavaScript reads no field after counted_instructions. */

/* lua_Alloc: a new block counts against the cap (while it applies) and is charged to the budget. */
static void *mg_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  MgLimits *g = (MgLimits *)ud;
  if (nsize == 0) {
    if (ptr) {
      g->memory_used -= (double)osize;
      free(ptr);
    }
    return NULL;
  }
  /* For a new block `osize` encodes the object type, not a size. */
  double delta = ptr ? (double)nsize - (double)osize : (double)nsize;
  if (delta > 0) {
    if (g->capped && g->memory_used + delta > g->max_bytes) {
      g->memory_hit = 1;
      g->refused();
      return NULL;
    }
    g->used += delta / MG_BYTES_PER_INSTRUCTION;
  }
  void *p = realloc(ptr, nsize);
  if (p) g->memory_used += delta;
  return p;
}

/* The MgLimits of L's state (its allocator's user data). */
static MgLimits *mg_limits_of(lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  return (MgLimits *)ud;
}

/* Drop the commands the last callback queued (command_sink.c): the sink as that callback found it. */
static void mg_sink_rewind(MgLimits *g) {
  g->sink_len = g->sink_start;
  g->sink_count = g->start_count;
}

/* Instructions thread L ran since its count hook was last set or fired. */
static double mg_since_hook(lua_State *L) {
  return L->basehookcount > 0 ? (double)(L->basehookcount - L->hookcount) : 0;
}

/*
 * The protected call proper: f(...) under a fresh budget, with the count hook on while it runs
 * when the runner had turned it off; `counted` (a profiled batch) adds its instructions and
 * failure to the run's counts. Leaves f's first result (1), or the error text and true (2).
 * The JavaScript versions (vm_natives.ts) make bad calls, a stopped state's and every
 * MG_STOP_CHECK_EVERY-th.
 */
static int mg_pcall(lua_State *L, MgLimits *g, int counted) {
  int n = lua_gettop(L);
  if (n < 2 || g->stopped || --g->until_check <= 0) {
    g->until_check = MG_STOP_CHECK_EVERY;
    return counted ? g->counted_call(L) : g->slow_call(L);
  }
  g->used = 0;
  g->memory_hit = 0;
  g->limit_raised = 0;
  int unhooked = lua_gethookmask(L) == 0;
  if (unhooked) lua_sethook(L, g->hook, LUA_MASKCOUNT, g->hook_count);
  double from = counted ? mg_since_hook(L) : 0;
  int status = lua_pcallk(L, n - 2, 1, 1, 0, NULL);
  /* Before the hook is turned off again: that clears the state's hook counter. */
  if (counted) {
    g->counted_instructions += g->used + mg_since_hook(L) - from;
    if (status != LUA_OK) g->counted_errors++;
  }
  if (unhooked) lua_sethook(L, NULL, 0, 0);
  if (status != LUA_OK) g->failed(L, status);
  g->used = 0;
  g->limit_raised = 0;
  if (status == LUA_OK) return 1;
  lua_pushboolean(L, 1);
  return 2;
}

/*
 * Close the running group of recorded costs at time `now`: its callbacks share the time since it
 * began by their instructions (evenly when they count none).
 */
static void mg_close_group(MgLimits *g, double now) {
  double ms = now - g->cost_start, ins = 0;
  uint32_t n = g->ncosts - g->group_first;
  for (uint32_t i = g->group_first; i < g->ncosts; i++) ins += g->costs[i].instructions;
  for (uint32_t i = g->group_first; i < g->ncosts; i++) {
    g->costs[i].ms = ins > 0 ? ms * (g->costs[i].instructions / ins) : ms / n;
  }
}

/*
 * One callback's protected call and its commands: the call (mg_pcall), then the sink's part.
 * Returns f's first result, nil and the bytes of commands it queued; or the error text, true
 * and 0, its commands dropped.
 */
static int mg_callback(lua_State *L, int counted) {
  MgLimits *g = mg_limits_of(L);
  g->sink_start = g->sink_len;
  g->start_count = g->sink_count;
  /*
   * Each callback's own cost: the run's counts (both ways of calling keep them) before and after.
   * Time is read once per group of callbacks of one function in a row (a clock read is a call out
   * of wasm, a tenth of a small callback's time): a group's time runs until the next group starts
   * (what the runner does for its callbacks is their cost too), the last one's until take_costs,
   * and its callbacks share it by their instructions.
   */
  int each = counted && g->each && g->ncosts < g->costs_size;
  double ins0 = 0;
  int32_t errs0 = 0;
  if (each) {
    const void *fn = lua_topointer(L, 2);
    if (g->ncosts == 0 || fn != g->group_fn) {
      double now = mg_clock_ms();
      if (g->ncosts > 0) mg_close_group(g, now);
      g->cost_start = now;
      g->group_first = g->ncosts;
      g->group_fn = fn;
    }
    ins0 = g->counted_instructions;
    errs0 = g->counted_errors;
  }
  int k = mg_pcall(L, g, counted);
  if (each) {
    MgCost *c = &g->costs[g->ncosts++];
    c->ms = 0;
    c->instructions = g->counted_instructions - ins0;
    c->commands = k == 2 ? 0 : g->sink_count - g->start_count;
    c->failed = g->counted_errors != errs0;
  }
  if (k == 2) {
    mg_sink_rewind(g);
    lua_pushinteger(L, 0);
  } else {
    lua_pushnil(L);
    lua_pushinteger(L, (lua_Integer)(g->sink_len - g->sink_start));
  }
  return 3;
}

/* Costs a kept buffer may hold: a larger one (a batch of many profiled sync callbacks) is freed. */
#define MG_COSTS_KEPT 1024

/* Stop recording each callback's cost; the buffer is kept for the next batch unless large. */
static void mg_costs_stop(MgLimits *g) {
  if (g->costs_cap > MG_COSTS_KEPT) {
    free(g->costs);
    g->costs = NULL;
    g->costs_cap = 0;
  }
  g->costs_size = g->ncosts = 0;
  g->each = 0;
}

/*
 * each_costs(n): record the cost of each of the next n profiled callbacks (a batch with
 * EACH_COST_FLAG); each_costs(0): record none. Collision batches come one after another, each
 * profiled: the buffer is allocated once, not per batch.
 */
static int mg_each_costs(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  lua_Integer n = luaL_checkinteger(L, 1);
  if (n < 0 || n > 0x100000) return luaL_argerror(L, 1, "callback count out of range");
  mg_costs_stop(g);
  if (n == 0) return 0;
  if ((uint32_t)n > g->costs_cap) {
    MgCost *grown = (MgCost *)realloc(g->costs, (size_t)n * sizeof(MgCost));
    if (!grown) return luaL_error(L, "not enough memory");
    g->costs = grown;
    g->costs_cap = (uint32_t)n;
  }
  g->costs_size = (uint32_t)n;
  g->each = 1;
  return 0;
}

/*
 * take_costs(mark): the costs recorded since each_costs, as bytes, followed by their byte length
 * and `mark` (<I4 each: the reply's trailer, batch_profile.ts); recording stops.
 */
static int mg_take_costs(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  uint32_t mark = (uint32_t)luaL_checkinteger(L, 1);
  if (g->ncosts > 0) mg_close_group(g, mg_clock_ms());
  uint32_t bytes = g->ncosts * (uint32_t)sizeof(MgCost);
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, (size_t)bytes + 8);
  if (bytes > 0) memcpy(out, g->costs, bytes);
  /* Little-endian, as wasm is. */
  memcpy(out + bytes, &bytes, 4);
  memcpy(out + bytes + 4, &mark, 4);
  luaL_pushresultsize(&b, (size_t)bytes + 8);
  mg_costs_stop(g);
  return 1;
}

/* priv.call(handler, f, ...) and priv.counted_call(handler, f, ...) (profiled batches). */
static int mg_call(lua_State *L) { return mg_callback(L, 0); }
static int mg_counted_call(lua_State *L) { return mg_callback(L, 1); }

/* A zeroed MgLimits (NULL when out of memory); JavaScript sets the rest and frees it. */
MgLimits *mg_limits_new(void) { return (MgLimits *)calloc(1, sizeof(MgLimits)); }

/* Free an MgLimits and what it holds (after its state is closed). */
void mg_limits_free(MgLimits *g) {
  if (!g) return;
  free(g->costs);
  free(g);
}

/* The allocator, as a pointer for lua_newstate. */
lua_Alloc mg_allocator(void) { return mg_alloc; }

/* The protected call, as a pointer for lua_pushcclosure. */
lua_CFunction mg_call_function(void) { return mg_call; }

/* The profiled protected call, as a pointer for lua_pushcclosure. */
lua_CFunction mg_counted_call_function(void) { return mg_counted_call; }

/* each_costs and take_costs, as pointers for lua_pushcclosure. */
lua_CFunction mg_each_costs_function(void) { return mg_each_costs; }
lua_CFunction mg_take_costs_function(void) { return mg_take_costs; }
