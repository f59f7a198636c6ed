import { assertEquals } from "@std/assert";
import { apiDocs } from "../src/api/mod.ts";

Deno.test("docs/api.md is what `deno task docs` generates now", async () => {
  const committed = await Deno.readTextFile(new URL("../docs/api.md", import.meta.url));
  // A failure here means the API changed: run `deno task docs` and commit the result.
  assertEquals(committed, apiDocs());
});
