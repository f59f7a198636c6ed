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
  uint32_t costs_size;  /* costs allocated */
  MgCost *costs;        /* malloc'd: freed by take_costs and mg_limits_free */
  double cost_start;    /* when the last recorded callback started (ms) */
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
 * One callback's protected call and its commands: the call (mg_pcall), then the sink's part.
 * Returns f's first result, nil and the bytes of commands it queued; or the error text, true
 * and 0, its commands dropped.
 */
static int mg_callback(lua_State *L, int counted) {
  MgLimits *g = mg_limits_of(L);
  g->sink_start = g->sink_len;
  g->start_count = g->sink_count;
  /*
   * Each callback's own cost: the run's counts (both ways of calling keep them) before and after,
   * and its time until the next one starts (one clock read per callback; what the runner does
   * for it between the two is its cost too), the last one's until take_costs.
   */
  int each = counted && g->each && g->ncosts < g->costs_size;
  double ins0 = 0;
  int32_t errs0 = 0;
  if (each) {
    double now = mg_clock_ms();
    if (g->ncosts > 0) g->costs[g->ncosts - 1].ms = now - g->cost_start;
    g->cost_start = now;
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

/* Stop recording each callback's cost, and free what was recorded. */
static void mg_costs_stop(MgLimits *g) {
  free(g->costs);
  g->costs = NULL;
  g->costs_size = g->ncosts = 0;
  g->each = 0;
}

/*
 * each_costs(n): record the cost of each of the next n profiled callbacks (a batch with
 * EACH_COST_FLAG); each_costs(0): record none, and free what was kept.
 */
static int mg_each_costs(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  lua_Integer n = luaL_checkinteger(L, 1);
  if (n < 0 || n > 0x100000) return luaL_argerror(L, 1, "callback count out of range");
  mg_costs_stop(g);
  if (n == 0) return 0;
  g->costs = (MgCost *)malloc((size_t)n * sizeof(MgCost));
  if (!g->costs) return luaL_error(L, "not enough memory");
  g->costs_size = (uint32_t)n;
  g->each = 1;
  return 0;
}

/* take_costs(): the costs recorded since each_costs, as bytes; recording stops. */
static int mg_take_costs(lua_State *L) {
  MgLimits *g = mg_limits_of(L);
  if (g->ncosts > 0) g->costs[g->ncosts - 1].ms = mg_clock_ms() - g->cost_start;
  lua_pushlstring(L, g->costs ? (const char *)g->costs : "", g->ncosts * sizeof(MgCost));
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
