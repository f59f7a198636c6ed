/**
 * Scripted entities per frame, in-thread (no worker hop), against the naive
 * wasmoon binding as the baseline of each group; plus the TypeScript halves
 * of the batch protocol (encode a frame, decode its results and commands).
 * Compare within one run: the machines are noisy.
 *
 *   deno bench -A bench/scripting_bench.ts
 *
 * @module
 */
import { decodeCommands } from "../src/api/codec.ts";
import { decodeResults } from "../src/lua/batch_codec.ts";
import { BATCH_FUNCTION } from "../src/lua/runtime_lua.ts";
import { encodePlan, entityPlan, inThreadVm, naiveBinding } from "./_shared.ts";

const vm = await inThreadVm();
const naive = await naiveBinding();

for (const n of [1_000, 10_000]) {
  const plan = entityPlan(n);
  const bytes = encodePlan(plan);
  Deno.bench(
    `${n} entities: naive wasmoon binding`,
    { group: `entities ${n}`, baseline: true },
    () => {
      naive.frame(plan);
    },
  );
  Deno.bench(`${n} entities: Moonglow batch, in-thread`, { group: `entities ${n}` }, () => {
    vm.callBinary(BATCH_FUNCTION, bytes);
  });
}

const plan = entityPlan(10_000);
const output = vm.callBinary(BATCH_FUNCTION, encodePlan(plan));
Deno.bench("encode 10,000 entity callbacks", { group: "codec" }, () => {
  encodePlan(plan);
});
Deno.bench("decode results + commands of 10,000 callbacks", { group: "codec" }, () => {
  for (const r of decodeResults(output)) if (r.ok) decodeCommands(r.commands);
});
