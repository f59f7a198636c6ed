import { assertEquals, assertInstanceOf, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "node:path";
import { DEFAULT_BINDINGS } from "../input/bindings.ts";
import {
  DEFAULT_VIEW,
  MANIFEST_FILE,
  ManifestError,
  MAX_VIEW_SIZE,
  parseManifest,
  readManifest,
} from "./manifest.ts";

const FILE = "pong/moonglow.json";
const parse = (text: string) => parseManifest(text, { file: FILE, folderName: "pong" });

Deno.test("an empty manifest gives the defaults: folder name, 800x600, the game's scene, default keys", () => {
  const m = parse("{}");
  assertEquals(m.title, "pong");
  assertEquals(m.view, DEFAULT_VIEW);
  assertEquals(m.view, { width: 800, height: 600 });
  assertEquals(m.scene, undefined);
  assertEquals(m.bindings, DEFAULT_BINDINGS);
});

Deno.test("every field is read; bindings override the defaults, null unbinds", () => {
  const m = parse(JSON.stringify({
    title: "Breakout",
    view: { width: 320, height: 200 },
    scene: "level",
    bindings: { k: "action_1", z: null, space: "special" },
  }));
  assertEquals(m.title, "Breakout");
  assertEquals(m.view, { width: 320, height: 200 });
  assertEquals(m.scene, "level");
  assertEquals(m.bindings.get("k"), "action_1");
  assertEquals(m.bindings.has("z"), false);
  assertEquals(m.bindings.get("space"), "special");
  // Untouched defaults stay.
  assertEquals(m.bindings.get("arrow_up"), "up");
  assertEquals(DEFAULT_BINDINGS.has("k"), false, "the defaults are not changed");
});

Deno.test("a file saved with a byte order mark reads as without one", () => {
  assertEquals(parse('\uFEFF{ "title": "Pong" }').title, "Pong");
});

Deno.test("a view with one size keeps the default of the other", () => {
  assertEquals(parse('{ "view": { "width": 1024 } }').view, { width: 1024, height: 600 });
  assertEquals(parse(`{ "view": { "height": ${MAX_VIEW_SIZE} } }`).view.height, MAX_VIEW_SIZE);
});

/** [manifest text, field named, words the message must hold]. */
const BAD: ReadonlyArray<readonly [string, string | undefined, readonly string[]]> = [
  ['{ "title": "x", ', undefined, [
    "is not valid JSON",
    "line 1, column 17: unexpected end of input",
  ]],
  ['{\n  "title": "x"\n  "view": {}\n}', undefined, ["line 3, column 3"]],
  ["[1, 2]", undefined, ["must hold a JSON object", "got a list"]],
  ['"Pong"', undefined, ["must hold a JSON object", 'got "Pong"']],
  ['{ "titel": "Pong" }', "titel", ['did you mean "title"?', "title, view, scene, bindings"]],
  ['{ "width": 640 }', "width", ["is not a field of the manifest", "title, view, scene"]],
  ['{ "title": 3 }', "title", ["must be a non-empty string", "got 3"]],
  ['{ "title": "" }', "title", ["must be a non-empty string", 'got ""']],
  ['{ "title": "a\\u001b[2Jb" }', "title", ["without control characters"]],
  [`{ "title": "${"x".repeat(101)}" }`, "title", ["at most 100 characters", '"...']],
  ['{ "scene": false }', "scene", ["must be a non-empty string", "got false"]],
  ['{ "view": [800, 600] }', "view", ['such as { "width": 800, "height": 600 }', "got a list"]],
  ['{ "view": { "widht": 800 } }', "view.widht", ['did you mean "width"?', "width, height"]],
  ['{ "view": { "width": 0 } }', "view.width", ["from 1 to 8192", "got 0"]],
  ['{ "view": { "width": -5 } }', "view.width", ["from 1 to 8192", "got -5"]],
  ['{ "view": { "height": 100000 } }', "view.height", ["from 1 to 8192", "got 100000"]],
  ['{ "view": { "width": 640.5 } }', "view.width", ["whole number", "got 640.5"]],
  ['{ "view": { "width": "640" } }', "view.width", ["whole number", 'got "640"']],
  ['{ "bindings": ["k"] }', "bindings", ["mapping key names to actions", "got a list"]],
  ['{ "bindings": { "spcae": "action_1" } }', "bindings.spcae", ['did you mean "space"?']],
  ['{ "bindings": { "Space": "action_1" } }', "bindings.Space", ['did you mean "space"?']],
  ['{ "bindings": { "ctrl": "action_1" } }', "bindings.ctrl", ["keys are lowercase"]],
  ['{ "bindings": { "k": "jump" } }', "bindings.k", ["up, down, left, right", 'got "jump"']],
  ['{ "bindings": { "k": "action1" } }', "bindings.k", ['did you mean "action_1"?']],
  ['{ "bindings": { "k": 1 } }', "bindings.k", ["or null to unbind the key", "got 1"]],
];

Deno.test("each bad manifest is refused naming the file, the field and what was expected", () => {
  for (const [text, field, words] of BAD) {
    const e = assertThrows(() => parse(text), ManifestError);
    assertEquals(e.field, field, text);
    assertEquals(e.file, FILE);
    assertStringIncludes(e.message, FILE);
    if (field !== undefined) assertStringIncludes(e.message, `"${field}"`);
    for (const w of words) assertStringIncludes(e.message, w, text);
  }
});

Deno.test("readManifest: defaults without a file, the file when there is one, errors name it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mygame" });
  try {
    const absent = await readManifest(dir);
    assertEquals(absent.title, dir.split("/").pop());
    assertEquals(absent.view, DEFAULT_VIEW);

    await Deno.writeTextFile(join(dir, MANIFEST_FILE), '{ "title": "Mine", "scene": "play" }');
    const present = await readManifest(dir);
    assertEquals([present.title, present.scene], ["Mine", "play"]);

    await Deno.writeTextFile(join(dir, MANIFEST_FILE), '{ "view": { "width": 0 } }');
    const e = await readManifest(dir).then(() => undefined, (e) => e);
    assertInstanceOf(e, ManifestError);
    assertStringIncludes(e.message, `In ${join(dir, MANIFEST_FILE)}, "view.width"`);

    await Deno.remove(join(dir, MANIFEST_FILE));
    await Deno.mkdir(join(dir, MANIFEST_FILE));
    const folder = await readManifest(dir).then(() => undefined, (e) => e);
    assertInstanceOf(folder, ManifestError);
    assertStringIncludes(folder.message, "cannot be read: is a folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the title of a game given as . is its folder's name", async () => {
  const cwd = Deno.cwd();
  const dir = await Deno.makeTempDir({ prefix: "dotgame" });
  try {
    Deno.chdir(dir);
    assertEquals((await readManifest(".")).title, dir.split("/").pop());
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});
