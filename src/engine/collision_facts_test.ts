import { assertEquals } from "@std/assert";
import { eidOf, Position, setComponent, spawnEntity, Velocity } from "../ecs/mod.ts";
import type { ComponentReads, ComponentsPart } from "../lua/components_part.ts";
import type { GameState } from "../state/game_state.ts";
import { CollisionFacts } from "./collision_facts.ts";
import {
  componentFacts,
  pairsWorld,
  recordingStage,
  run,
  starts,
  velocity,
  vx,
} from "./_collision_stage_helpers.ts";

// A ball no pair holds, whose velocity the callbacks read and write.
function withBall(state: GameState): number {
  const ball = spawnEntity(state.world);
  setComponent(state.world, ball, Position, { x: 0, y: 500 });
  setComponent(state.world, ball, Velocity, { x: 0, y: 0 });
  return ball;
}

// The ball's velocity x as `part` holds it (its record: mask, then position, then velocity).
function ballVx(part: ComponentsPart | undefined, ball: number): number {
  const record = part?.record(ball);
  if (record === undefined) return NaN;
  return new DataView(record.buffer, record.byteOffset).getFloat64(2 + 16, true);
}

// Readers of the ball: each sets its own velocity to the ball's as it read it plus one, and
// (`pushes`) the ball's to that too.
function ballReaders(ball: number, pushes: (a: number) => boolean, reads?: ComponentReads) {
  return (a: number, part: ComponentsPart | undefined) => {
    const seen = ballVx(part, ball) + 1;
    const commands = [velocity(a, seen), ...(pushes(a) ? [velocity(ball, seen)] : [])];
    return { reads: reads ?? [ball], commands };
  };
}

Deno.test("a callback that read an entity an earlier one in its batch changed runs again", () => {
  const { state, as } = pairsWorld(4);
  const ball = withBall(state);
  const rec = recordingStage({ read: ballReaders(ball, () => true) });
  run(state, rec, componentFacts(state));
  // Each read what the one before left: 1, 2, 3, 4.
  assertEquals(as.map((id) => vx(state, id)), [1, 2, 3, 4]);
  assertEquals(vx(state, ball), 4);
  // [a2, a3] was sent with the ball as it was before a1 moved it: a2 ran again, and from then
  // on each batch had the ball of its turn; [a3, a4] kept a3, and a4 ran again. The guess [a2,
  // a3] held, so [a4] went out as soon as its reply was in, and was dropped with a2's outcome.
  assertEquals(starts(rec), ["start 0", "start 1", "start 3", "start 1", "start 2", "start 3"]);
});

Deno.test("callbacks that read entities no earlier one changed stay in one batch", () => {
  const { state, as } = pairsWorld(7);
  const ball = withBall(state);
  // Only reads: the ball stays still.
  const rec = recordingStage({ read: ballReaders(ball, () => false) });
  run(state, rec, componentFacts(state));
  assertEquals(as.map((id) => vx(state, id)), [1, 1, 1, 1, 1, 1, 1]);
  assertEquals(starts(rec), ["start 0", "start 1", "start 3"]);
});

Deno.test("a part sent from before the world changed is checked for its first callback too", () => {
  const { state, as } = pairsWorld(3);
  const ball = withBall(state);
  const facts = componentFacts(state);
  const rec = recordingStage({ read: ballReaders(ball, () => false) });
  // A first stage sends a part; the ball then moves outside the stage (as physics moves it).
  run(state, rec, facts);
  state.world.components.velocity.x[eidOf(state.world, ball)!] = 10;
  rec.log.length = 0;
  run(state, rec, facts);
  // Readers were seen, so this stage starts with the world's part: no callback runs twice (in
  // one batch, as large as the first stage's had grown).
  assertEquals(as.map((id) => vx(state, id)), [11, 11, 11]);
  assertEquals(starts(rec), ["start 0"]);
});

Deno.test("a first callback that read a part from before the stage runs again with the world's", () => {
  const { state, as } = pairsWorld(3);
  const ball = withBall(state);
  const facts = componentFacts(state);
  // The part the stage is handed was written before the ball moved; no reader seen yet.
  facts(false);
  state.world.components.velocity.x[eidOf(state.world, ball)!] = 10;
  const rec = recordingStage({ read: ballReaders(ball, () => false) });
  run(state, rec, facts);
  assertEquals(as.map((id) => vx(state, id)), [11, 11, 11]);
  assertEquals(starts(rec), ["start 0", "start 0", "start 1"]);
});

Deno.test("a callback that read too many entities to list is checked against the whole part", () => {
  const { state, as } = pairsWorld(4);
  const ball = withBall(state);
  const [, a2] = as as [number, number];
  // Only a2 moves the ball; every callback counts as reading every entity.
  const rec = recordingStage({ read: ballReaders(ball, (a) => a === a2, "any") });
  run(state, rec, componentFacts(state));
  assertEquals(as.map((id) => vx(state, id)), [1, 1, 2, 2]);
  // Any change counts: each callback's own velocity is one. [a2, a3] was sent before a1 moved,
  // so a2 ran again; [a3, a4] kept a3, and a4 ran again. [a4], sent as soon as the reply of
  // the guess [a2, a3] was in, was dropped with a2's outcome.
  assertEquals(starts(rec), ["start 0", "start 1", "start 3", "start 1", "start 2", "start 3"]);
});

Deno.test("an entity no applied outcome named is taken as the part holds it; after a spawn each is checked", () => {
  const { state } = pairsWorld(1);
  const ball = withBall(state);
  const applied = { version: 0 };
  const source = new CollisionFacts(state, componentFacts(state), applied, { readers: true });
  const sent = source.next(); // written anew: readers were seen
  const moveBall = () => state.world.components.velocity.x[eidOf(state.world, ball)!]! += 1;
  // Only applied outcomes change the world during a stage: one that named another entity leaves
  // the ball as sent, without its record being written again (here it moved behind the stage's
  // back, which shows the record was not looked at).
  moveBall();
  applied.version++;
  source.applied({ entities: [ball + 1], writes: [] }, false);
  assertEquals(source.readsCurrent(sent, [ball]), true);
  // One that named the ball: checked, and changed.
  applied.version++;
  source.applied({ entities: [ball], writes: [] }, false);
  assertEquals(source.readsCurrent(sent, [ball]), false);
  // A new part; an outcome that made an entity (whose record the part lacks) has every read checked.
  source.refresh();
  const again = source.next();
  assertEquals(source.readsCurrent(again, [ball]), true);
  moveBall();
  applied.version++;
  source.applied({ entities: [], writes: [] }, true);
  assertEquals(source.readsCurrent(again, [ball]), false);
});
