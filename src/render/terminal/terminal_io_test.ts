import { assertEquals } from "@std/assert";
import { denoConsoleSize, denoExitHooks, writeAll } from "./terminal_io.ts";
import { FakeWriter } from "./_test_helpers.ts";

Deno.test("writeAll loops until every byte is written", () => {
  const writer = new FakeWriter();
  writer.chunk = 2;
  writeAll(writer, new TextEncoder().encode("hello \u2580"));
  assertEquals(writer.take(), "hello \u2580");
});

Deno.test("denoConsoleSize gives a usable size even without a terminal", () => {
  const size = denoConsoleSize();
  assertEquals(size.columns > 0 && size.rows > 0, true);
});

Deno.test("denoExitHooks restores on unload until uninstalled", () => {
  let restored = 0;
  const uninstall = denoExitHooks(() => {}).install(() => restored++);
  globalThis.dispatchEvent(new Event("unload"));
  assertEquals(restored, 1);
  uninstall();
  globalThis.dispatchEvent(new Event("unload"));
  assertEquals(restored, 1);
});

Deno.test({
  name: "denoExitHooks restores, then exits with 128 + 15 on SIGTERM",
  ignore: Deno.build.os === "windows",
  async fn() {
    let restored = 0;
    const exited = Promise.withResolvers<number>();
    const uninstall = denoExitHooks((code) => exited.resolve(code)).install(() => restored++);
    // Signal listeners do not keep the event loop alive; this timer does
    // until the signal arrives (and fails the test if it never does).
    const timeout = setTimeout(() => exited.reject(new Error("No SIGTERM seen")), 5000);
    try {
      Deno.kill(Deno.pid, "SIGTERM");
      assertEquals(await exited.promise, 143);
      assertEquals(restored, 1);
    } finally {
      clearTimeout(timeout);
      uninstall();
    }
  },
});
