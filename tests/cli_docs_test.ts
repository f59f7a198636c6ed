/**
 * docs/cli.md describes the command line as it is: every command, every
 * option of `run`, every manifest field, key name and action.
 */
import { assertStringIncludes } from "@std/assert";
import { usage } from "../src/cli/main.ts";
import { RUN_OPTIONS } from "../src/cli/run_options.ts";
import { MAX_NAME_LENGTH, MAX_VIEW_SIZE } from "../src/engine/manifest.ts";
import { ACTIONS } from "../src/input/actions.ts";
import { KEY_NAMES } from "../src/input/keys.ts";

const DOC = await Deno.readTextFile(new URL("../docs/cli.md", import.meta.url));

Deno.test("docs/cli.md has a section for every command", () => {
  const commands = usage().split("\n").filter((l) => /^ {2}[a-z]/.test(l))
    .map((l) => l.trim().split(" ")[0] as string);
  for (const name of commands) assertStringIncludes(DOC, `### \`moonglow ${name}`);
});

Deno.test("docs/cli.md lists every option of run", () => {
  for (const spec of Object.values(RUN_OPTIONS)) {
    // A switch is written alone (`--watch`), an option with its value (`--frames N`).
    assertStringIncludes(DOC, spec.arg === "" ? `| \`--${spec.flag}\`` : `| \`--${spec.flag} `);
  }
  assertStringIncludes(DOC, "`+set NAME VALUE`");
});

Deno.test("docs/cli.md names every manifest limit, key name and action", () => {
  for (const field of ["title", "view.width", "view.height", "scene", "bindings"]) {
    assertStringIncludes(DOC, `| \`${field}\``);
  }
  assertStringIncludes(DOC, `1 to ${MAX_VIEW_SIZE}`);
  assertStringIncludes(DOC, `1 to ${MAX_NAME_LENGTH} characters`);
  const ranges = [/^[a-z]$/, /^\d$/, /^f\d+$/]; // "a to z", "0 to 9", "f1 to f12"
  for (const key of KEY_NAMES.filter((k) => !ranges.some((r) => r.test(k)))) {
    assertStringIncludes(DOC, `\`${key}\``);
  }
  for (const action of ACTIONS) assertStringIncludes(DOC, `\`${action}\``);
});
