/*
 * Which fields of its context a callback reads: the engine writes an entity's context from the
 * world for every callback of a frame, and sends only the fields its function can read.
 *
 *   priv.context_reads(f)   the names `k` of every `ctx.k` in Lua function f, whose first
 *                           parameter is ctx, as a set (a table of name -> true); false when f
 *                           could read more: ctx is used otherwise than in `ctx.k` (passed on,
 *                           stored, indexed by a variable or a number, compared, assigned,
 *                           returned, captured by an inner function, or among varargs), or f
 *                           is no Lua function. A function without parameters reads none.
 *
 * The answer reads f's bytecode and is conservative: any instruction that may use register 0
 * (the first parameter) other than as the table of a GETFIELD makes it false. Globals are frozen
 * once the game has loaded, so a name's function (and the fields it reads) stays until a reload.
 *
 * Included by one.cpp after the Lua sources (it uses their internals).
 */

/* Whether operand B of `op` names a register. */
static int mg_b_is_register(OpCode op) {
  switch (op) {
    case OP_MOVE: case OP_GETTABLE: case OP_GETI: case OP_GETFIELD: case OP_SETTABLE:
    case OP_SELF: case OP_ADDI: case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK:
    case OP_POWK: case OP_DIVK: case OP_IDIVK: case OP_BANDK: case OP_BORK: case OP_BXORK:
    case OP_SHRI: case OP_SHLI: case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW:
    case OP_DIV: case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
    case OP_MMBIN: case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN: case OP_EQ: case OP_LT:
    case OP_LE: case OP_TESTSET:
      return 1;
    default:
      return 0;
  }
}

/* Whether operand C of instruction `i` names a register (an RK operand without its k bit). */
static int mg_c_is_register(OpCode op, Instruction i) {
  switch (op) {
    case OP_GETTABLE: case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW:
    case OP_DIV: case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
      return 1;
    case OP_SETTABUP: case OP_SETTABLE: case OP_SETI: case OP_SETFIELD: case OP_SELF:
      return !GETARG_k(i);
    default:
      return 0;
  }
}

/* Whether operand A of `op` names a register (a read, a write, or the start of a range). */
static int mg_a_is_register(OpCode op) {
  switch (op) {
    case OP_JMP: case OP_EXTRAARG:  /* no A */
    case OP_SETTABUP:               /* A is an upvalue */
    case OP_VARARGPREP:             /* A counts the parameters */
    case OP_RETURN0:                /* returns nothing */
      return 0;
    default:
      return 1;
  }
}

static int mg_context_reads(lua_State *L) {
  const TValue *f = index2value(L, 1);
  if (!ttisLclosure(f)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  const Proto *p = clLvalue(f)->p;
  /* Without parameters a function reads nothing of ctx, unless ctx is among its varargs. */
  int escapes = p->numparams < 1 && p->is_vararg;
  /* An inner function that captures the first parameter can read anything of it. */
  for (int n = 0; !escapes && n < p->sizep; n++) {
    const Proto *inner = p->p[n];
    for (int u = 0; u < inner->sizeupvalues; u++) {
      if (inner->upvalues[u].instack && inner->upvalues[u].idx == 0) escapes = 1;
    }
  }
  lua_newtable(L);
  for (int pc = 0; !escapes && p->numparams >= 1 && pc < p->sizecode; pc++) {
    const Instruction i = p->code[pc];
    const OpCode op = GET_OPCODE(i);
    if (op == OP_GETFIELD && GETARG_B(i) == 0 && GETARG_A(i) != 0) {
      const TValue *key = &p->k[GETARG_C(i)];
      if (!ttisstring(key)) escapes = 1;
      else {
        setsvalue2s(L, L->top.p, tsvalue(key));
        api_incr_top(L);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
      }
      continue;
    }
    if ((mg_a_is_register(op) && GETARG_A(i) == 0) ||
        (mg_b_is_register(op) && GETARG_B(i) == 0) ||
        (mg_c_is_register(op, i) && GETARG_C(i) == 0)) {
      escapes = 1;
    }
  }
  if (escapes) {
    lua_pop(L, 1);
    lua_pushboolean(L, 0);
  }
  return 1;
}

/* The function, as a pointer for lua_pushcclosure. */
lua_CFunction mg_context_reads_function(void) { return mg_context_reads; }
