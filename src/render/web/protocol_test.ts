import { assertEquals, assertThrows } from "@std/assert";
import { KEY_NAMES, MOUSE_BUTTON_KEYS } from "../../input/keys.ts";
import { resolveAssetRequest } from "./asset_route.ts";
import { WebProtocolError } from "./errors.ts";
import { parseClientMessage } from "./protocol.ts";
// The page's key mapping is plain JS with no DOM use, so it is checked here too.
import { keyName, mouseButtonName } from "./client/keys.js";

const CODES = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("").map((c) => `Key${c}`),
  ..."0123456789".split("").map((d) => `Digit${d}`),
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "Space",
  "Enter",
  "Escape",
  "Backspace",
  "Tab",
  "ShiftLeft",
  "ControlRight",
  "AltLeft",
  "Insert",
  "Delete",
  "Home",
  "End",
  "PageUp",
  "PageDown",
  "Minus",
  "Equal",
  "Comma",
  "Period",
  "Slash",
  "Backslash",
  "Semicolon",
  "Quote",
  "Backquote",
  "BracketLeft",
  "BracketRight",
];

Deno.test("the page maps every DOM key code the engine knows to its key name", () => {
  const names = new Set(CODES.map((c) => keyName(c) as string));
  const expected = KEY_NAMES.filter((k) => !(MOUSE_BUTTON_KEYS as readonly string[]).includes(k));
  assertEquals([...names].sort(), [...expected].sort());
  assertEquals(keyName("NumpadEnter"), "enter");
  assertEquals([0, 1, 2].map(mouseButtonName), ["mouse_left", "mouse_middle", "mouse_right"]);
});

Deno.test("parseClientMessage accepts renderer events and refuses anything else", () => {
  assertEquals(parseClientMessage('{"type":"release","key":"space"}'), {
    type: "release",
    key: "space",
  });
  assertEquals(parseClientMessage('{"type":"mouse","x":1.5,"y":2}'), {
    type: "mouse",
    x: 1.5,
    y: 2,
  });
  const bad = [
    "not json",
    "[]",
    "null",
    '{"type":"quit"}',
    '{"type":"press","key":"Space"}',
    '{"type":"press"}',
    '{"type":"mouse","x":"1","y":2}',
    '{"type":"mouse","x":1e999,"y":2}',
    '{"type":"console","line":42}',
    JSON.stringify({ type: "console", line: "x".repeat(5000) }),
    "x".repeat(10000),
  ];
  for (const text of bad) assertThrows(() => parseClientMessage(text), WebProtocolError);
});

Deno.test("resolveAssetRequest serves asset files inside the game folder only", async () => {
  const root = await Deno.makeTempDir();
  try {
    const game = `${root}/game`;
    await Deno.mkdir(`${game}/assets`, { recursive: true });
    await Deno.writeTextFile(`${game}/assets/a b.png`, "png");
    await Deno.writeTextFile(`${game}/main.lua`, "-- source");
    await Deno.writeTextFile(`${root}/secret.png`, "secret");
    await Deno.symlink(`${root}/secret.png`, `${game}/assets/link.png`);
    const real = await Deno.realPath(`${game}/assets/a b.png`);
    assertEquals(await resolveAssetRequest(game, "assets/a%20b.png"), real);
    for (
      const evil of [
        "../secret.png",
        "%2e%2e/secret.png",
        "assets/..%2f..%2fsecret.png",
        `${root}/secret.png`,
        "assets/link.png",
        "main.lua",
        "assets/missing.png",
        "assets",
        "%E0%A4%A.png",
        "a%00.png",
      ]
    ) {
      assertEquals(await resolveAssetRequest(game, evil), undefined, evil);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
