import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  InputLogError,
  parseInputLog,
  readInputLog,
  stringifyInputLog,
  validateInputLog,
} from "./input_log.ts";

Deno.test("a valid log parses, sorted by frame then file order", () => {
  const entries = parseInputLog(`[
    {"frame": 3, "release": ["space"]},
    {"frame": 0, "press": ["space", "up"], "mouse": [1.5, 2]},
    {"frame": 3, "console": "set r_show_fps 1", "_comment": "ignored"},
    {"frame": 1}
  ]`);
  assertEquals(entries, [
    { frame: 0, press: ["space", "up"], mouse: [1.5, 2] },
    { frame: 1 },
    { frame: 3, release: ["space"] },
    { frame: 3, console: "set r_show_fps 1" },
  ]);
});

/** Each bad entry with the exact message it must give. */
const BAD: ReadonlyArray<readonly [unknown, string, string | undefined]> = [
  [{ frame: -1 }, 'input log entry 1: "frame" must be a non-negative integer, got -1', "frame"],
  [{ frame: 1.5 }, 'input log entry 1: "frame" must be a non-negative integer, got 1.5', "frame"],
  [{ frame: "2" }, 'input log entry 1: "frame" must be a non-negative integer, got "2"', "frame"],
  [{ press: ["up"] }, 'input log entry 1: "frame" is missing', "frame"],
  [
    { frame: 0, press: "up" },
    'input log entry 1: "press" must be an array of names, got "up"',
    "press",
  ],
  [
    { frame: 0, release: ["up", "jump"] },
    'input log entry 1: "release" has unknown name "jump" (expected an action such as ' +
    '"action_1" or a key such as "space")',
    "release",
  ],
  [
    { frame: 0, press: [7] },
    'input log entry 1: "press" has unknown name 7 (expected an action such as ' +
    '"action_1" or a key such as "space")',
    "press",
  ],
  [
    { frame: 0, mouse: [1] },
    'input log entry 1: "mouse" must be [x, y] with two finite numbers, got [1]',
    "mouse",
  ],
  [
    { frame: 0, mouse: { x: 1, y: 2 } },
    'input log entry 1: "mouse" must be [x, y] with two finite numbers, got {"x":1,"y":2}',
    "mouse",
  ],
  [{ frame: 0, console: 5 }, 'input log entry 1: "console" must be a string, got 5', "console"],
  [{ frame: 0, presss: ["up"] }, 'input log entry 1: unknown field "presss"', "presss"],
  [{ frame: 0, toString: 1 }, 'input log entry 1: unknown field "toString"', "toString"],
  [
    { frame: 0, reload: "main.lua" },
    'input log entry 1: "reload" must be an array of Lua file paths, got "main.lua"',
    "reload",
  ],
  ...["../main.lua", "/main.lua", "lib//a.lua", "main.txt", "lib\\a.lua", "./main.lua"].map((
    p,
  ): [unknown, string, string] => [
    { frame: 0, reload: ["main.lua", p] },
    `input log entry 1: "reload" has ${
      JSON.stringify(p)
    }, which is not a Lua file path in the game folder such as "main.lua"`,
    "reload",
  ]),
  [
    { frame: 0, reload: ["main.lua"], sources: ["x"] },
    'input log entry 1: "sources" must be an object of file texts by path, got ["x"]',
    "sources",
  ],
  [
    { frame: 0, reload: ["main.lua"], sources: { "main.lua": 3 } },
    'input log entry 1: "sources" must give each file\'s text as a string or null, got 3',
    "sources",
  ],
  [
    { frame: 0, sources: {} },
    'input log entry 1: "sources" needs a "reload" list beside it',
    "sources",
  ],
  [
    { frame: 0, reload: ["main.lua"], sources: {} },
    'input log entry 1: "sources" has no text for "main.lua"',
    "sources",
  ],
  [
    { frame: 0, reload: [], sources: { "lib/a.lua": null } },
    'input log entry 1: "sources" has "lib/a.lua", which "reload" does not list',
    "sources",
  ],
  [42, "input log entry 1 must be an object, got 42", undefined],
  [null, "input log entry 1 must be an object, got null", undefined],
];

Deno.test("each malformed entry names its index and field", () => {
  for (const [entry, message, field] of BAD) {
    const err = assertThrows(() => validateInputLog([{ frame: 0 }, entry]), InputLogError);
    assertEquals(err.message, message);
    assertEquals(err.entry, 1);
    assertEquals(err.field, field);
  }
});

Deno.test("a log that is not an array is rejected", () => {
  assertThrows(
    () => parseInputLog('{"frame": 0}', "replay.json"),
    InputLogError,
    "replay.json: input log must be a JSON array, got object",
  );
});

Deno.test("invalid JSON names the file, line and column", () => {
  const err = assertThrows(
    () => parseInputLog('[\n  {"frame": 0},\n  {"frame": 1,}\n]', "replay.json"),
    InputLogError,
  );
  assertEquals(
    err.message,
    'replay.json: invalid JSON at line 3, column 15: unexpected character "}"',
  );
});

Deno.test("long bad values are shortened in messages", () => {
  const err = assertThrows(
    () => validateInputLog([{ frame: 0, console: ["x".repeat(100)] }]),
    InputLogError,
  );
  assertEquals(
    err.message,
    `input log entry 0: "console" must be a string, got ["${"x".repeat(35)}...`,
  );
});

Deno.test("readInputLog reads a file and reports unreadable ones", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/log.json`;
    await Deno.writeTextFile(path, stringifyInputLog([{ frame: 2, press: ["z"] }]));
    assertEquals(await readInputLog(path), [{ frame: 2, press: ["z"] }]);
    await assertRejects(
      () => readInputLog(`${dir}/missing.json`),
      InputLogError,
      `cannot read input log ${dir}/missing.json: file not found`,
    );
    await Deno.writeTextFile(path, '[{"frame": -1}]');
    await assertRejects(
      () => readInputLog(path),
      InputLogError,
      `${path}: input log entry 0: "frame" must be a non-negative integer, got -1`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reload entries: the changed files with their text, or none to read the folder", () => {
  const entries = [
    {
      frame: 9,
      reload: ["main.lua", "lib/a.lua"],
      sources: { "main.lua": "x = 1", "lib/a.lua": null },
    },
    { frame: 12, reload: [] },
    { frame: 20, reload: ["main.lua"] },
  ];
  assertEquals(validateInputLog(entries), entries);
});

Deno.test("stringifyInputLog round-trips through parseInputLog", () => {
  const entries = [
    { frame: 0, press: ["up"] },
    { frame: 4, mouse: [1, 2] as [number, number] },
    { frame: 5, reload: ["main.lua"], sources: { "main.lua": 'print("é\n")' } },
  ];
  assertEquals(parseInputLog(stringifyInputLog(entries)), entries);
  assertEquals(parseInputLog(stringifyInputLog([])), []);
});
