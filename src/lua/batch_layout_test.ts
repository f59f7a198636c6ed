import { assertEquals } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { CallbackKind, type EntityContextData } from "./batch_types.ts";
import { everyFieldContext } from "./runtime_test_helpers.ts";

const API =
  `local rt = ... local e = {} function e.cmd(s) rt.emit(s .. ";") end return { engine = e }`;

Deno.test("every context field decodes, signals after sprite and animation, pooled tables refill", async () => {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: API }), "=mg_runtime");
    vm.run(`function show(ctx)
      local s = ctx.signals
      local function keys(t) local k = {} for n in pairs(t) do k[#k + 1] = n end table.sort(k) return table.concat(k, ",") end
      engine.cmd(table.concat({ ctx.id, tostring(ctx.group), ctx.sprite and ctx.sprite.tex_key or "-",
        ctx.animation and ctx.animation.frame_index or "-", ctx.phase or "-", ctx.timer and ctx.timer.callback or "-",
        s and keys(s.integers) or "-", s and keys(s.flags) or "-", s and tostring(s.integers.points) or "-",
        ctx.rect and ctx.rect.h or "-", tostring(ctx.frozen) }, " "))
    end`);
    vm.freezeGlobals();
    const full = everyFieldContext();
    const bare: EntityContextData = {
      id: 8,
      signals: { scalars: {}, integers: { hp: 1 }, strings: {}, flags: [] },
    };
    const cb = (index: number, ctx: EntityContextData) => ({
      index,
      seed: [1, 2] as const,
      kind: CallbackKind.Timer,
      fn: "show",
      ctx,
    });
    const out = decodeResults(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 1,
        callbacks: [cb(0, full), cb(1, bare), cb(2, full), cb(3, { id: 9 })],
      }),
    )).map((r) => r.ok ? new TextDecoder().decode(r.commands) : r.error);
    const whole = "7 brick brick.png 3 idle show hp,points a,b 25 9.0 true;";
    assertEquals(out, [
      whole,
      "8 nil - - - - hp  nil - nil;",
      whole,
      "9 nil - - - - - - - - nil;",
    ]);
  } finally {
    vm.close();
  }
});
