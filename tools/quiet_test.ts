import { assertEquals, assertMatch } from "@std/assert";
import { runQuietly, runStep, summary } from "./quiet.ts";

// Commands without spaces inside their code, as quiet.ts splits on spaces.
const PASS =
  "deno eval console.log('line1');console.error('noise');console.log('Checked\\x203\\x20files')";
const FAIL = "deno eval console.log('detail');console.error('why');Deno.exit(3)";

Deno.test("a passing command shows one line, with the tool's own summary", async () => {
  const shown: string[] = [];
  assertEquals(await runQuietly([PASS], (t) => shown.push(t)), 0);
  assertEquals(shown.length, 1);
  assertMatch(shown[0]!, /^ok {4}deno eval .* \(\d+\.\d s\): Checked 3 files$/);
});

Deno.test("a failing command shows its whole output and stops the run with its code", async () => {
  const shown: string[] = [];
  const code = await runQuietly([PASS, FAIL, PASS], (t) => shown.push(t));
  assertEquals(code, 3);
  assertEquals(shown.length, 3, "the first command's line, the output, the failure");
  assertMatch(shown[1]!, /detail/);
  assertMatch(shown[1]!, /why/);
  assertEquals(shown[2], `FAILED ${FAIL} (exit 3)`);
});

Deno.test("the summary keeps only a last line that summarises", async () => {
  const r = (out: string) => ({ code: 0, output: out, lastLines: [out, "noise"], ms: 2345 });
  assertEquals(
    summary("deno test -A", r("ok | 5 passed | 0 failed (2s)")),
    "ok    deno test -A (2.3 s): ok | 5 passed | 0 failed (2s)",
  );
  assertEquals(summary("deno check", r("Check b.ts")), "ok    deno check (2.3 s)");
  // Colours and trailing blank lines are not part of the last line.
  const colored = "deno eval console.log('\\x1b[32mok\\x1b[0m\\x20|\\x201\\x20passed\\n')";
  assertEquals((await runStep(colored)).lastLines[0], "ok | 1 passed");
});
