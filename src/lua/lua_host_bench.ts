/**
 * Round-trip cost of the three ways into a Lua state: `callSync` (shared
 * memory + Atomics), `call` (one postMessage each way) and `run`.
 *
 * Run: `deno bench -A src/lua/lua_host_bench.ts`
 *
 * @module
 */
import { LuaHost } from "./lua_host.ts";

const host = await LuaHost.start({
  workers: 1,
  statesPerWorker: 1,
  setup: {
    privileged: [{
      name: "bench.lua",
      source: "local priv = ... priv.register('echo', function(s) return s end)",
    }],
    files: {},
    freeze: true,
  },
});
globalThis.addEventListener("unload", () => host.close());

const h = host.handle(0, 0);
const small = new Uint8Array(64).fill(1);
const large = new Uint8Array(64 * 1024).fill(2);

Deno.bench("callSync 64 B, burst of 100 (per 100 calls)", { group: "64 B" }, () => {
  for (let i = 0; i < 100; i++) host.callSync(h, "echo", small);
});

Deno.bench("callSync 64 B, new session each call", { group: "64 B" }, async () => {
  // Awaiting lets the session close, so every call pays the enter message.
  await Promise.resolve(host.callSync(h, "echo", small));
});

Deno.bench("call 64 B (postMessage round trip)", { group: "64 B", baseline: true }, async () => {
  await host.call(h, "echo", small, { transfer: false });
});

Deno.bench("run 'return 1' (postMessage round trip)", { group: "64 B" }, async () => {
  await host.run(h, "return 1");
});

Deno.bench("callSync 64 KiB, burst of 100 (per 100 calls)", { group: "64 KiB" }, () => {
  for (let i = 0; i < 100; i++) host.callSync(h, "echo", large);
});

Deno.bench("call 64 KiB", { group: "64 KiB", baseline: true }, async () => {
  await host.call(h, "echo", large, { transfer: false });
});
