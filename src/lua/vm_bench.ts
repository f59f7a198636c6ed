/**
 * Benchmarks of the Lua VM layer: the `callBinary` round trip (raw C API) against wasmoon's proxy
 * call, and the cost of the limits (count hook + capped allocator) against a plain state of the
 * same wasm build.
 *
 * Run: `deno bench -A src/lua/vm_bench.ts`
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { LUA_OK, RawHelpers } from "./raw_api.ts";
import { LuaVm } from "./vm.ts";
import { loadLuaModule } from "./wasm_module.ts";
import { resolveGlueWasmPath } from "./wasmoon_path.ts";

// The same Lua workloads on both sides.
const WORKLOAD = `function tight() local x = 0 for i = 1, 2000000 do x = x + i % 7 end return x end
function mixed()
  local acc, t = 0, { a = 1, b = 2 }
  local function add(p, q) return p + q end
  for i = 1, 200000 do
    t.a = add(t.a, i) % 1000
    acc = acc + #tostring(t.a) + (t.b or 0)
  end
  return acc
end
function alloc() local t for i = 1, 200000 do t = { i, i } end return t[1] end`;

const vm = await LuaVm.create({ maxInstructions: 1e9 });
vm.loadPrivileged("local priv = ... priv.register('echo', function(s) return s end)");
vm.run(WORKLOAD);

// wasmoon's proxy call, the reference for a call from JS.
const wasmoon = await new LuaFactory(resolveGlueWasmPath()).createEngine({ enableProxy: false });
wasmoon.doStringSync("function echo(s) return s end");
wasmoon.global.setTop(0);
const plainEcho = wasmoon.global.get("echo") as (s: string) => string;

// A plain state of the engine's wasm build: default allocator, no hook, no sandbox.
const m = await loadLuaModule();
const h = new RawHelpers(m);
const plain = m._luaL_newstate();
m._luaL_openlibs(plain);
h.loadString(plain, WORKLOAD, "=workload");
if (m._lua_pcallk(plain, 0, 0, 0, 0, 0) !== LUA_OK) throw new Error(h.readString(plain, -1));
const callPlain = (name: string) => {
  m._lua_getglobal(plain, h.cstr(name));
  if (m._lua_pcallk(plain, 0, 1, 0, 0, 0) !== LUA_OK) throw new Error(h.readString(plain, -1));
  m._lua_settop(plain, 0);
};

const small = new Uint8Array(16).fill(65);
const kb = new Uint8Array(1024).fill(66);

Deno.bench("callBinary 16 B (raw C API)", { group: "call", baseline: true }, () => {
  vm.callBinary("echo", small);
});
Deno.bench("callBinaryView 16 B (no output copy)", { group: "call" }, () => {
  vm.callBinaryView("echo", small);
});
Deno.bench("callBinary 1 KiB (raw C API)", { group: "call" }, () => {
  vm.callBinary("echo", kb);
});
Deno.bench("wasmoon proxy call 16 chars (reference)", { group: "call" }, () => {
  plainEcho("AAAAAAAAAAAAAAAA");
});

for (const name of ["tight", "mixed", "alloc"]) {
  Deno.bench(`${name}: plain state`, { group: name, baseline: true }, () => {
    callPlain(name);
  });
  Deno.bench(`${name}: LuaVm (count hook + capped allocator)`, { group: name }, () => {
    vm.run(`${name}()`);
  });
}
