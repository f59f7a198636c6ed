import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { canonicalJson } from "./canonical_json.ts";
import {
  computeHash,
  createDumpState,
  type DumpStateInput,
  emptySignals,
  type EntityDump,
  stringifyDumpState,
  writeDumpState,
} from "./dump_state.ts";

function entity(id: number, over: Partial<EntityDump> = {}): EntityDump {
  return {
    id,
    groups: ["ball", "actor"],
    position: [10 * id, 5],
    velocity: [1, -1],
    phase: id === 1 ? "moving" : null,
    signals: { scalars: { speed: 2.5 }, integers: { hp: 3 }, strings: {}, flags: ["z", "a"] },
    zindex: id,
    ...over,
  };
}

function sample(): DumpStateInput {
  return {
    frame: 120,
    scene: "level1",
    signals: {
      scalars: { time: 2 },
      integers: { score: 40 },
      strings: { scene: "level1" },
      flags: ["paused", "hud"],
      entities: { player: 1 },
    },
    group_counts: { ball: 2 },
    entities: [entity(3), entity(1)],
    log: [{ frame: 0, level: "info", message: "hello" }],
    errors: [{ frame: 7, callback: "on_hit", entity: 3, message: "main.lua:4: boom" }],
    audio: [{ frame: 9, action: "play_sound", id: "bip" }, {
      frame: 10,
      action: "stop_all_music",
      id: null,
    }],
  };
}

const isRecordOf = (v: unknown, type: string) =>
  typeof v === "object" && v !== null && !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === type);
const isPair = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number");
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");

function assertSignalShape(s: Record<string, unknown>, extra: string[] = []) {
  assertEquals(Object.keys(s).sort(), ["flags", "integers", "scalars", "strings", ...extra].sort());
  assert(isRecordOf(s.scalars, "number"));
  assert(isRecordOf(s.integers, "number"));
  assert(isRecordOf(s.strings, "string"));
  assert(isStrings(s.flags));
}

Deno.test("the written file has exactly the documented shape", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/state.json`;
    await writeDumpState(path, sample());
    const d = JSON.parse(await Deno.readTextFile(path));
    assertEquals(Object.keys(d), [
      "audio",
      "entities",
      "errors",
      "frame",
      "group_counts",
      "hash",
      "log",
      "scene",
      "signals",
    ]);
    assertEquals(typeof d.frame, "number");
    assertEquals(typeof d.scene, "string");
    assertSignalShape(d.signals, ["entities"]);
    assert(isRecordOf(d.signals.entities, "number"));
    assert(isRecordOf(d.group_counts, "number"));
    for (const e of d.entities) {
      assertEquals(Object.keys(e), [
        "groups",
        "id",
        "phase",
        "position",
        "signals",
        "velocity",
        "zindex",
      ]);
      assertEquals(typeof e.id, "number");
      assert(isStrings(e.groups));
      assert(isPair(e.position) && isPair(e.velocity));
      assert(e.phase === null || typeof e.phase === "string");
      assertSignalShape(e.signals);
      assertEquals(typeof e.zindex, "number");
    }
    assertEquals(d.log, [{ frame: 0, level: "info", message: "hello" }]);
    assertEquals(Object.keys(d.errors[0]), ["callback", "entity", "frame", "message"]);
    assertEquals(d.audio[1], { action: "stop_all_music", frame: 10, id: null });
    assert(/^[0-9a-f]{64}$/.test(d.hash));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ordering is canonical: entities by id, flags and groups sorted", () => {
  const d = createDumpState(sample());
  assertEquals(d.entities.map((e) => e.id), [1, 3]);
  assertEquals(d.signals.flags, ["hud", "paused"]);
  assertEquals(d.entities[0]?.groups, ["actor", "ball"]);
  assertEquals(d.entities[0]?.signals.flags, ["a", "z"]);
  // Reports keep the order things happened in.
  assertEquals(d.audio.map((a) => a.frame), [9, 10]);
});

Deno.test("the same state built in another order gives the same text and hash", () => {
  const a = sample();
  const b: DumpStateInput = {
    ...sample(),
    entities: [entity(1, { groups: ["actor", "ball"] }), entity(3)],
    signals: { ...sample().signals, flags: ["hud", "paused"] },
  };
  assertEquals(stringifyDumpState(createDumpState(a)), stringifyDumpState(createDumpState(b)));
  assertEquals(computeHash(a), computeHash(b));
});

Deno.test("the hash is SHA-256 of the canonical world part, as documented", async () => {
  const input = sample();
  const d = createDumpState(input);
  const world = canonicalJson({
    frame: d.frame,
    scene: d.scene,
    signals: d.signals,
    group_counts: d.group_counts,
    entities: d.entities,
  } as never);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(world));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  assertEquals(d.hash, hex);
});

Deno.test("the hash changes with any entity or signal change", () => {
  const base = computeHash(sample());
  const changes: Array<(d: DumpStateInput) => void> = [
    (d) => (d.entities[0] = entity(3, { position: [30, 5.001] })),
    (d) => (d.entities[0] = entity(3, { velocity: [0, -1] })),
    (d) => (d.entities[0] = entity(3, { zindex: 9 })),
    (d) => (d.entities[0] = entity(3, { phase: "dead" })),
    (d) => (d.entities[0] = entity(3, { groups: ["ball"] })),
    (d) => (d.entities[0] = entity(3, { signals: { ...emptySignals(), flags: ["a", "z"] } })),
    (d) => d.entities.pop(),
    (d) => (d.signals.integers.score = 41),
    (d) => (d.signals.scalars.time = 2.5),
    (d) => (d.signals.strings.name = "x"),
    (d) => d.signals.flags.push("won"),
    (d) => (d.signals.entities.boss = 3),
    (d) => (d.group_counts.ball = 1),
    (d) => (d.frame = 121),
    (d) => (d.scene = "menu"),
  ];
  const seen = new Set([base]);
  for (const change of changes) {
    const d = sample();
    change(d);
    const h = computeHash(d);
    assertNotEquals(h, base, change.toString());
    seen.add(h);
  }
  assertEquals(seen.size, changes.length + 1);
});

Deno.test("the hash ignores log, errors, audio and profile", () => {
  const d = sample();
  d.log.push({ frame: 5, level: "warn", message: "late" });
  d.errors = [];
  d.audio.push({ frame: 11, action: "play_music", id: "theme" });
  d.profile = {
    frames: 3,
    frame_ms: 2.5,
    callbacks: [{
      name: "drift",
      kind: "phase update",
      calls: 3,
      total_ms: 0.1,
      mean_ms: 0.03,
      instructions: 90,
      commands: 3,
      errors: 0,
    }],
    stages: [{ stage: "scripts", runs: 3, total_ms: 1, mean_ms: 0.33 }],
  };
  assertEquals(computeHash(d), computeHash(sample()));
  assertEquals(createDumpState(d).profile, d.profile);
});

Deno.test("writeDumpState recomputes a stale hash", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.json`;
    await writeDumpState(path, { ...createDumpState(sample()), frame: 999 });
    const d = JSON.parse(await Deno.readTextFile(path));
    assertEquals(d.hash, computeHash({ ...sample(), frame: 999 }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
