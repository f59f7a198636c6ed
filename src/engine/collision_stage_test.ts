import { assert, assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import { eidOf, spawnEntity } from "../ecs/mod.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import {
  box,
  command,
  pairsWorld,
  recordingStage,
  run,
  starts,
  vx,
} from "./_collision_stage_helpers.ts";

// The snapshot's world integers and tracked groups are the state's: a new snapshot after each
// change, the same one while nothing changed, as the engine's; everything else stays.
function signalFacts(state: GameState): () => BatchFrame {
  const rest = { scalars: {}, strings: {}, flags: [] };
  let snapshot: BatchFrame["snapshot"] | undefined;
  return () => {
    const integers = state.signals.snapshot().integers, groups = state.tracked.snapshot();
    if (snapshot?.integers !== integers || snapshot.groups !== groups) {
      snapshot = { ...rest, integers, groups } as unknown as BatchFrame["snapshot"];
    }
    return { frame: 0, dt: 1 / 60, snapshot, input: 0 };
  };
}

// Four pairs whose batch [a2, a3], a guess that held, is cut after a2: [a4] went out as soon as
// the reply of [a2, a3] was in and is dropped; a3 and a4 go one at a time.
const CUT_AT_A3_AFTER_GUESS = ["start 0", "start 1", "start 3", "start 2", "start 3"];

// Every run starts so: a batch of one, then a batch of two encoded while the first runs.
const OPENING = (a1: number, a2: number, a3: number) => [
  `prepare 0 ${a1}`,
  "start 0",
  `prepare 1 ${a2},${a3}`,
  "finish 0",
  "start 1",
];

Deno.test("callbacks run in growing batches, each encoded while the one before runs", () => {
  const { state, as } = pairsWorld(7);
  const rec = recordingStage();
  run(state, rec);
  const [a1, a2, a3, a4, a5, a6, a7] = as;
  assertEquals(rec.log, [
    ...OPENING(a1!, a2!, a3!),
    `prepare 3 ${a4},${a5},${a6},${a7}`,
    "finish 1",
    "start 3",
    "finish 3",
  ]);
  // Each callback's outcome was applied, under its own index.
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("a callback that changed a later member's entity cuts the batch there", () => {
  const { state, as } = pairsWorld(4);
  const [a1, a2, a3, a4] = as as [number, number, number, number];
  // The second callback (for a2) also sets a3's velocity: a3's outcome, run
  // before that, must not be applied.
  const rec = recordingStage({ targets: (a) => (a === a2 ? [a2, a3] : [a]) });
  run(state, rec);
  assertEquals(rec.log, [
    ...OPENING(a1, a2, a3),
    `prepare 3 ${a4}`,
    "finish 1",
    // The guess [a2, a3] held: [a4] goes out as soon as its reply is in.
    "start 3",
    "finish 3",
    // Cut after a2: [a4] is dropped, a3 runs again, and batches start small again.
    `prepare 2 ${a3}`,
    "start 2",
    `prepare 3 ${a4}`,
    "finish 2",
    "start 3",
    "finish 3",
  ]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3]);
});

// A new snapshot on every call, with a new part, as after a change to the world's signals.
const changingFacts = () => ({
  frame: 0,
  dt: 1 / 60,
  snapshot: { integers: {} } as unknown as BatchFrame["snapshot"],
  input: 0,
});

Deno.test("a changed snapshot drops the rest of a batch and a guess: each outcome is applied once, in order", () => {
  const { state, as } = pairsWorld(3);
  const rec = recordingStage();
  run(state, rec, changingFacts);
  // [a2, a3] went out as a guess while a1's outcome was applied, and was sent again after it;
  // of that, a2's outcome holds and a3 runs again.
  assertEquals(starts(rec), ["start 0", "start 1", "start 1", "start 2"]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2]);
});

Deno.test("the next batch is sent before the outcomes of the one before are applied", () => {
  const { state, as } = pairsWorld(7);
  const [, , a3, , , , a7] = as;
  const seen: string[] = [];
  // Each callback sets its a's velocity to its index: a3's (2) is applied once [a2, a3] is.
  const rec = recordingStage({
    onStart: (r) => seen.push(`start ${r.index}: a3 ${vx(state, a3!)}, a7 ${vx(state, a7!)}`),
  });
  run(state, rec);
  assertEquals(seen, ["start 0: a3 0, a7 0", "start 1: a3 0, a7 0", "start 3: a3 0, a7 0"]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("guesses that do not hold wait longer and longer, in later frames too", () => {
  const { state, as } = pairsWorld(40);
  const rec = recordingStage();
  run(state, rec, changingFacts);
  const guessed = (log: string[]) => log.filter((l) => l.startsWith("start")).length;
  // Every batch is cut after its first callback (a new snapshot each time): 40 batches, and six
  // guesses, after waits of 1, 2, 4, 8 and 16 batches.
  assertEquals(guessed(rec.log), 40 + 6);
  assertEquals(as.map((id) => vx(state, id)), as.map((_, i) => i));
  rec.log.length = 0;
  run(state, rec, changingFacts);
  // The next frame goes on with what is left of the wait of 32: one guess, then a wait of 64.
  assertEquals(guessed(rec.log), 40 + 1);
});

Deno.test("a lost request of several runs them again one at a time; a lost lone one fails", () => {
  const { state, as } = pairsWorld(3);
  // The batch [a2, a3] is lost (too slow, say), and a2 alone is lost again.
  const rec = recordingStage({ lose: (index) => index === 1 });
  run(state, rec);
  const [, a2, a3] = as;
  assertEquals(rec.log.filter((l) => l.startsWith("prepare")).slice(1), [
    `prepare 1 ${a2},${a3}`,
    `prepare 1 ${a2}`,
    `prepare 2 ${a3}`,
  ]);
  assertEquals(state.log.entries.filter((e) => e.message.includes("lost")).length, 1);
  assertEquals([vx(state, as[0]!), vx(state, as[2]!)], [0, 2]);
});

Deno.test("callbacks lost only together all succeed one at a time", () => {
  const { state, as } = pairsWorld(3);
  const rec = recordingStage({ lose: (_index, count) => count > 1 });
  run(state, rec);
  assertEquals(state.log.entries.filter((e) => e.message.includes("lost")).length, 0);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2]);
});

Deno.test("a lookahead that fails to encode leaves the running call to finish", () => {
  const { state, as } = pairsWorld(3);
  const rec = recordingStage({ failPrepare: (call) => call === 2 }); // the first lookahead
  run(state, rec);
  assertEquals(rec.log.slice(0, 4), [
    `prepare 0 ${as[0]}`,
    "start 0",
    "finish 0",
    `prepare 1 ${as[1]},${as[2]}`,
  ]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2]);
});

Deno.test("a lookahead whose entity the batch before changed is encoded again", () => {
  const { state, as } = pairsWorld(4);
  const [, , a3, a4] = as as [number, number, number, number];
  const rec = recordingStage({ targets: (a) => (a === a3 ? [a3, a4] : [a]) });
  run(state, rec);
  // The batch [a2, a3] applies whole, but a3's callback changed a4: the lookahead goes.
  assertEquals(rec.log.filter((l) => l.startsWith("prepare 3")), [
    `prepare 3 ${a4}`,
    `prepare 3 ${a4}`,
  ]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3]);
});

Deno.test("pairs that share an entity are never in one batch", () => {
  const state = createGameState();
  const hub = box(state, "a", 0);
  for (let i = 0; i < 4; i++) box(state, "b", i * 2);
  const carrier = spawnEntity(state.world);
  state.gameplay.collisionRules.set(eidOf(state.world, carrier)!, [
    { groupA: "a", groupB: "b", callback: "hit" },
  ]);
  const rec = recordingStage();
  run(state, rec);
  // Each callback changes the hub: every lookahead is dropped and encoded again.
  const prepared = rec.log.filter((l) => l.startsWith("prepare"));
  assertEquals([...new Set(prepared)], [0, 1, 2, 3].map((i) => `prepare ${i} ${hub}`));
  assertEquals(rec.log.filter((l) => l.startsWith("start")).length, 4);
});

Deno.test("a callback that cut a batch ends the later batches it is in, also in later frames", () => {
  const { state, as } = pairsWorld(6);
  const [, a2, a3] = as as [number, number, number];
  const rec = recordingStage({ targets: (a) => (a === a2 ? [a2, a3] : [a]) });
  run(state, rec);
  rec.log.length = 0;
  run(state, rec); // the next frame: the same pairs, the same stage
  const sizes = rec.log.filter((l) => l.startsWith("prepare")).map((l) =>
    l.split(" ")[2]!.split(",").length
  );
  // One lookahead (a3's, changed by a2's callback) is encoded twice.
  assertEquals(sizes, [1, 1, 1, 1, 1, 1, 1]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3, 4, 5]);
});

Deno.test("a stage starts with batches as large as the last one's had grown", () => {
  const { state, as } = pairsWorld(7);
  const sizes = (rec: ReturnType<typeof recordingStage>) =>
    rec.log.filter((l) => l.startsWith("prepare")).map((l) => l.split(" ")[2]!.split(",").length);
  const rec = recordingStage();
  run(state, rec);
  assertEquals(sizes(rec), [1, 2, 4]);
  rec.log.length = 0;
  run(state, rec); // grown to 8 by the end of the first frame
  assertEquals(sizes(rec), [7]);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("a profiled stage batches as any other, and counts each callback's cost once, when its outcome is kept", () => {
  const { state, as } = pairsWorld(6);
  const [, a2, a3] = as as [number, number, number];
  // a2's callback changes a3's entity: the batch [a2, a3] is cut after a2, and a3 runs again.
  const rec = recordingStage({ profiled: true, targets: (a) => (a === a2 ? [a2, a3] : [a]) });
  run(state, rec);
  assertEquals(rec.counted, as);
  assertEquals(starts(rec).length > as.length - 2, true);
  // Batches of more than one callback, and a guess.
  assert(rec.log.some((l) => /^prepare \d+ \d+,\d+/.test(l)));
  assertEquals(rec.continued.length > 0, true);
  // Unprofiled, nothing is counted.
  const plain = recordingStage();
  run(pairsWorld(3).state, plain);
  assertEquals(plain.counted, []);
});

Deno.test("a stage wakes its worker ahead of the requests only after a stage that ran callbacks", () => {
  const { state } = pairsWorld(3);
  const rec = recordingStage();
  run(state, rec);
  assertEquals(rec.opened(), 0); // nothing known yet
  run(state, rec);
  assertEquals(rec.opened(), 1);
  const empty = pairsWorld(0);
  const quiet = recordingStage();
  run(empty.state, quiet);
  run(empty.state, quiet);
  assertEquals(quiet.opened(), 0);
});

Deno.test("callbacks that write world signals and play sounds stay in one batch", () => {
  const { state, as } = pairsWorld(7);
  // Each callback counts itself in the score, as the runtime showed the later ones the count.
  const rec = recordingStage({
    also: (_a, index) => [
      command("set_integer", "signal", { key: "score", value: index + 1 }),
      command("play_sound", "audio", { id: "hit" }),
    ],
  });
  run(state, rec, signalFacts(state));
  const [, , , a4, a5, a6, a7] = as;
  // Batches of 1, 2 and 4; each after the first goes out as a guess before the score of the one
  // before is applied, to run on the snapshot its state holds: that one's, with the score its
  // callbacks wrote, which is the world's once they are applied.
  assertEquals(rec.log.filter((l) => !l.startsWith("finish")).slice(3), [
    "start 1",
    `prepare 3 ${a4},${a5},${a6},${a7}`,
    "start 3",
  ]);
  assertEquals(rec.continued, [1, 3]);
  assertEquals(state.signals.getInteger("score"), 7);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("a world-signal write the engine holds otherwise, or may hold otherwise, cuts the batch", () => {
  for (const odd of ["unsafe", "replaced"] as const) {
    const { state, as } = pairsWorld(4);
    const [, a2] = as;
    // a2's write is refused (not a safe integer), or its key went through a lossy decoding: the
    // runtime's copy, which a3 read, is not what the engine holds.
    const rec = recordingStage({
      also: (a, index) => [
        a === a2 && odd === "unsafe"
          ? command("set_integer", "signal", { key: "score", value: 2 ** 60 })
          : command("set_integer", "signal", {
            key: a === a2 ? "sc\uFFFDre" : "score",
            value: index + 1,
          }),
      ],
    });
    run(state, rec, signalFacts(state));
    // a3 runs again, in a batch of one (after a cut), then a4. The guess [a2, a3] held (a1's
    // write is the world's), so [a4] went out as soon as its reply was in, and was dropped.
    assertEquals(starts(rec), CUT_AT_A3_AFTER_GUESS, odd);
    assertEquals(as.map((id) => vx(state, id)), [0, 1, 2, 3], odd);
  }
});

Deno.test("a write of another kind than world signals still cuts the batch", () => {
  const { state, as } = pairsWorld(3);
  const [, a2, a3] = as;
  const rec = recordingStage({
    also: (a) => a === a2 ? [command("track_group", "group", { group: "a" })] : [],
  });
  run(state, rec, signalFacts(state));
  assertEquals(rec.log.filter((l) => l.startsWith("prepare")).slice(1), [
    `prepare 1 ${a2},${a3}`,
    `prepare 2 ${a3}`,
  ]);
  assertEquals(rec.log.filter((l) => l.startsWith("start")), ["start 0", "start 1", "start 2"]);
});

Deno.test("a world-signal write beside another change to the snapshot cuts the batch", () => {
  const { state, as } = pairsWorld(4);
  const [, a2] = as;
  state.tracked.track("b");
  // a2's callback also despawns its b, which a tracked group counts: the snapshot the runtime
  // gave the later callbacks lacked that.
  const rec = recordingStage({
    also: (a, index) => [
      command("set_integer", "signal", { key: "score", value: index + 1 }),
      ...(a === a2 ? [command("entity_despawn", "entity", { id: a + 1 })] : []),
    ],
  });
  run(state, rec, signalFacts(state));
  assertEquals(starts(rec), CUT_AT_A3_AFTER_GUESS);
  assertEquals(state.signals.getInteger("score"), 4);
});

Deno.test("a guess after a world-signal write the engine refused is dropped, even when the snapshot did not change", () => {
  const { state, as } = pairsWorld(3);
  const [a1] = as;
  // a1's write is refused (not a safe integer): the world's snapshot stays as it was, but the
  // runtime kept the write, and [a2, a3], sent as a guess, ran on that.
  const rec = recordingStage({
    also: (a) =>
      a === a1 ? [command("set_integer", "signal", { key: "score", value: 2 ** 60 })] : [],
  });
  run(state, rec, signalFacts(state));
  assertEquals(starts(rec), ["start 0", "start 1", "start 1"]);
  assertEquals(rec.continued, [1]);
  assertEquals(state.signals.getInteger("score"), undefined);
  assertEquals(as.map((id) => vx(state, id)), [0, 1, 2]);
});

Deno.test("a callback whose commands could not be read cuts its batch and drops the guess after it", () => {
  const { state, as } = pairsWorld(4);
  const [, a2] = as;
  // a2 succeeded in the runtime, which gave a3 what it wrote; the engine applied none of it.
  const rec = recordingStage({ undecoded: (a) => a === a2 });
  run(state, rec, signalFacts(state));
  assertEquals(starts(rec), CUT_AT_A3_AFTER_GUESS);
  assertEquals(as.map((id) => vx(state, id)), [0, 0, 2, 3]);
});
