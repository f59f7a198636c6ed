import { assertEquals, assertRejects } from "@std/assert";
import { CliUsageError } from "./errors.ts";
import { checkOutputPath } from "./output_path.ts";

Deno.test("checkOutputPath needs an existing folder and a non-folder target", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await checkOutputPath("--record", `${dir}/new.json`);
    await Deno.writeTextFile(`${dir}/file`, "");
    const cases: Array<[string, string]> = [
      [
        `${dir}/no/x.json`,
        `cannot write --record file ${dir}/no/x.json: folder ${dir}/no does not exist`,
      ],
      [
        `${dir}/file/x.json`,
        `cannot write --record file ${dir}/file/x.json: ${dir}/file is not a folder`,
      ],
      [dir, `cannot write --record file ${dir}: it is a folder`],
    ];
    for (const [path, message] of cases) {
      const err = await assertRejects(() => checkOutputPath("--record", path), CliUsageError);
      assertEquals(err.message, message);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
