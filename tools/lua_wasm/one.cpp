/*
 * All of Lua 5.4 in one translation unit, compiled as C++.
 *
 * As C++, Lua raises errors with `throw` and catches them in
 * luaD_rawrunprotected with try/catch (luaconf's LUAI_THROW), which
 * -fwasm-exceptions turns into WebAssembly exceptions. As C, errors would use
 * setjmp/longjmp, which Emscripten emulates with a call out to JavaScript on
 * every protected call. One unit also lets the compiler inline across files.
 * The `extern "C"` block keeps the C API's names unmangled. hot_path.c,
 * command_sink.c, snapshot_read.c, seeded_random.c, fixed_unpack.c,
 * component_read.c, sealed_table.c, tagged_encoder.c, context_reads.c and name_cache.c are the
 * engine's own C
 * (its allocator, the batch runner's protected call, the command sink, the read
 * bindings' fast path, math.random seeded per callback, the context unpackers,
 * the components part's record finder and component reader, sealing the
 * sandbox's frozen tables, the bindings' tagged-value encoder, which context fields a callback
 * reads, and tracebacks that keep the names they find).
 */
extern "C" {
#include "lzio.c"
#include "lctype.c"
#include "lopcodes.c"
#include "lmem.c"
#include "lundump.c"
#include "ldump.c"
#include "lstate.c"
#include "lgc.c"
#include "llex.c"
#include "lcode.c"
#include "lparser.c"
#include "ldebug.c"
#include "lfunc.c"
#include "lobject.c"
#include "ltm.c"
#include "lstring.c"
#include "ltable.c"
#include "ldo.c"
#include "lvm.c"
#include "lapi.c"
#include "lauxlib.c"
#include "lbaselib.c"
#include "lcorolib.c"
#include "ldblib.c"
#include "liolib.c"
#include "lmathlib.c"
#include "loadlib.c"
#include "loslib.c"
#include "lstrlib.c"
#include "ltablib.c"
#include "lutf8lib.c"
#include "linit.c"
#include "hot_path.c"
#include "command_sink.c"
#include "snapshot_read.c"
#include "seeded_random.c"
#include "fixed_unpack.c"
#include "component_read.c"
#include "sealed_table.c"
#include "tagged_encoder.c"
#include "context_reads.c"
#include "name_cache.c"
}
