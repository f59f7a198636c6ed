import { assert, assertEquals, assertThrows } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import { parsePhaseDef } from "../gameplay/mod.ts";
import {
  addComponent,
  Collider,
  despawnEntity,
  eidOf,
  Frozen,
  Position,
  Rotation,
  Scale,
  ScreenSpace,
  setComponent,
  spawnEntity,
  Velocity,
} from "../ecs/mod.ts";
import {
  CallbackRunWriter,
  decodeResults,
  type EntityContextSource,
  MissingContextError,
} from "../lua/batch_codec.ts";
import { writeBatchHead } from "../lua/batch_head.ts";
import { BATCH_FUNCTION, CONTEXT_FIELDS_FUNCTION, parseFieldsRead } from "../lua/runtime_lua.ts";
import { text, withRuntime } from "../lua/runtime_test_helpers.ts";
import { CallbackKind, type EntityRef } from "../lua/batch_types.ts";
import { CtxField } from "../lua/batch_context.ts";
import { ByteWriter } from "../lua/bytes.ts";
import { Signals } from "../signals/mod.ts";
import { WorldContexts } from "./entity_context.ts";

/** An entity with every context field, and one with none. */
function world(): { state: GameState; full: number; bare: number } {
  const state = createGameState();
  const { world, gameplay } = state;
  const full = spawnEntity(world);
  const eid = eidOf(world, full)!;
  world.groups.add(eid, "ship");
  setComponent(world, full, Position, { x: 10, y: 20 });
  setComponent(world, full, Velocity, { x: 3, y: -4 });
  addComponent(world, full, Frozen);
  setComponent(world, full, Rotation, { degrees: 45 });
  setComponent(world, full, Scale, { x: 2, y: 3 });
  setComponent(world, full, Collider, {
    w: 8,
    h: 6,
    originX: 4,
    originY: 3,
    offsetX: 1,
    offsetY: 0,
  });
  const parsed = parsePhaseDef(new Map([["initial", "fly"]]));
  if (!parsed.ok) throw new Error(parsed.error);
  const phase = parsed.value;
  phase.previous = "idle";
  phase.timeInPhase = 1.5;
  gameplay.phase.set(eid, phase);
  gameplay.luaTimer.set(eid, { duration: 2, elapsed: 0.5, callback: "tick" });
  gameplay.sprite.set(eid, {
    texture: "ship",
    w: 8,
    h: 6,
    originX: 4,
    originY: 3,
    offsetX: 0,
    offsetY: 0,
    flipX: true,
    flipY: false,
  });
  gameplay.animation.set(eid, { key: "blink", frame: 2, elapsed: 0.25 });
  const signals = new Signals();
  signals.setScalar("speed", 1.5);
  signals.setInteger("hp", 3);
  signals.setString("name", "kit");
  signals.setFlag("hit");
  world.entitySignals.set(eid, signals);
  return { state, full, bare: spawnEntity(world) };
}

/** A run of timer callbacks on `refs`, their contexts read from `source`. */
function encode(source: EntityContextSource, refs: EntityRef[]): Uint8Array {
  const w = new ByteWriter();
  const runs = new CallbackRunWriter(w, source);
  refs.forEach((ctx, i) => runs.add({ kind: CallbackKind.Timer, fn: "tick", ctx }, i, 1, 2));
  runs.finish();
  return w.finish();
}

Deno.test("a context read from the world has every field the entity has, and only those", () => {
  const { state, full, bare } = world();
  const contexts = new WorldContexts(state.world, state.gameplay);
  const c = contexts.capture(full)!;
  assertEquals(c.group, "ship");
  assertEquals([c.pos, c.screenPos, c.vel, c.frozen], [[10, 20], undefined, [3, -4], true]);
  assertEquals([c.rotation, c.scale], [45, [2, 3]]);
  assertEquals(c.rect, { x: 7, y: 17, w: 8, h: 6 });
  assertEquals(c.phase, { name: "fly", time: 1.5, previous: "idle" });
  assertEquals(c.timer, { duration: 2, elapsed: 0.5, callback: "tick" });
  assertEquals(c.sprite, { texture: "ship", flipH: true, flipV: false });
  assertEquals(c.animation, { key: "blink", frame: 2, elapsed: 0.25 });
  assertEquals(c.signals, {
    scalars: { speed: 1.5 },
    integers: { hp: 3 },
    strings: { name: "kit" },
    flags: ["hit"],
  });
  const b = contexts.capture(bare)!;
  assertEquals(b.pos ?? b.vel ?? b.phase ?? b.group, undefined);
  assertEquals(b.signals, { scalars: {}, integers: {}, strings: {}, flags: [] });
  assertEquals(contexts.context(12345), undefined);
});

Deno.test("one reused context object serves every entity, its fields rewritten each time", () => {
  const { state, full, bare } = world();
  const contexts = new WorldContexts(state.world, state.gameplay);
  const a = contexts.context(full)!;
  assertEquals(a.phase?.name, "fly");
  const b = contexts.context(bare)!;
  assert(a === b);
  assertEquals([b.id, b.phase, b.pos, b.group, b.timer], [
    bare,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});

Deno.test("encoding by id from the world gives the bytes of the captured context", () => {
  const { state, full, bare } = world();
  const contexts = new WorldContexts(state.world, state.gameplay);
  const byId = encode(contexts, [full, bare, full]);
  const copies = encode(contexts, [
    contexts.capture(full)!,
    contexts.capture(bare)!,
    contexts.capture(full)!,
  ]);
  assertEquals(byId, copies);
});

Deno.test("the world writes any entity's context in the bytes of its context object", () => {
  // Entities with random sets of what a context can hold, written by id (the world writes them),
  // through a source that only gives the reused object, and from captured copies.
  const state = createGameState();
  const { world, gameplay } = state;
  let seed = 0x9e3779b9;
  const chance = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n === 0;
  };
  const ids: number[] = [];
  for (let i = 0; i < 300; i++) {
    const id = spawnEntity(world);
    const eid = eidOf(world, id)!;
    ids.push(id);
    if (chance(3)) world.groups.add(eid, chance(2) ? "a" : "b");
    if (chance(2)) setComponent(world, id, Position, { x: i, y: -i / 3 });
    if (chance(4)) addComponent(world, id, ScreenSpace);
    if (chance(2)) setComponent(world, id, Velocity, { x: i / 7, y: 2 });
    if (chance(3)) addComponent(world, id, Frozen);
    if (chance(3)) setComponent(world, id, Rotation, { degrees: i });
    if (chance(4)) setComponent(world, id, Scale, { x: 2, y: 0.5 });
    if (chance(3)) setComponent(world, id, Collider, { w: 4, h: 2, originX: 1, offsetY: 3 });
    if (chance(2)) {
      const parsed = parsePhaseDef(new Map([["initial", chance(2) ? "fly" : "walk"]]));
      if (!parsed.ok) throw new Error(parsed.error);
      if (chance(2)) parsed.value.previous = "idle";
      parsed.value.timeInPhase = i / 10;
      gameplay.phase.set(eid, parsed.value);
    }
    if (chance(4)) gameplay.luaTimer.set(eid, { duration: 2, elapsed: i / 100, callback: "tick" });
    if (chance(4)) {
      gameplay.sprite.set(eid, {
        texture: "t" + (i % 3),
        w: 1,
        h: 1,
        originX: 0,
        originY: 0,
        offsetX: 0,
        offsetY: 0,
        flipX: chance(2),
        flipY: chance(2),
      });
    }
    if (chance(4)) gameplay.animation.set(eid, { key: "k", frame: i % 5, elapsed: 0.5 });
    if (chance(2)) {
      const signals = new Signals();
      // A few keys (a run's key set), or more than a run header takes (each context its own).
      const keys = chance(5) ? 70 : i % 3;
      for (let k = 0; k < keys; k++) signals.setInteger("n" + k, k * i);
      if (chance(2)) signals.setScalar("speed", i / 4);
      if (chance(3)) signals.setString("name", "e" + i);
      if (chance(3)) signals.setFlag("hit");
      world.entitySignals.set(eid, signals);
    }
  }
  const contexts = new WorldContexts(world, gameplay);
  const objectOnly = { context: (id: number, slot?: 0 | 1) => contexts.context(id, slot) };
  const pairs = (source: typeof objectOnly | WorldContexts, refs: [EntityRef, EntityRef][]) => {
    const w = new ByteWriter();
    const runs = new CallbackRunWriter(w, source);
    refs.forEach(([a, b], i) =>
      runs.add({ kind: CallbackKind.Collision, fn: "hit", a, b, sides: { a: 1, b: 2 } }, i, 3, 4)
    );
    runs.finish();
    return w.finish();
  };
  const byId = encode(contexts, ids);
  assertEquals(byId, encode(objectOnly, ids));
  assertEquals(byId, encode(contexts, ids.map((id) => contexts.capture(id)!)));
  const pairIds = ids.map((id, i): [number, number] => [id, ids[(i * 7 + 3) % ids.length]!]);
  const pairsById = pairs(contexts, pairIds);
  assertEquals(pairsById, pairs(objectOnly, pairIds));
  assertEquals(
    pairsById,
    pairs(contexts, pairIds.map(([a, b]) => [contexts.capture(a)!, contexts.capture(b)!])),
  );
});

Deno.test("a context named by id that cannot be read is a clear error", () => {
  const { state } = world();
  const runs = new CallbackRunWriter(
    new ByteWriter(),
    new WorldContexts(state.world, state.gameplay),
  );
  assertThrows(
    () => runs.add({ kind: CallbackKind.Timer, fn: "tick", ctx: 999 }, 0, 1, 2),
    MissingContextError,
    "Entity 999 has no context to send",
  );
  assertThrows(
    () =>
      runs.add(
        { kind: CallbackKind.Collision, fn: "hit", a: 1, b: 999, sides: { a: 0, b: 0 } },
        1,
        1,
        2,
      ),
    MissingContextError,
    "Entity 999 has no context to send",
  );
  const sourceless = new CallbackRunWriter(new ByteWriter());
  assertThrows(
    () => sourceless.add({ kind: CallbackKind.Timer, fn: "tick", ctx: 1 }, 0, 1, 2),
    MissingContextError,
  );
});

Deno.test("a collision's two contexts are read into two slots: neither overwrites the other", () => {
  const { state, full, bare } = world();
  const contexts = new WorldContexts(state.world, state.gameplay);
  const a = contexts.context(full, 0)!, b = contexts.context(bare, 1)!;
  assert(a !== b);
  assertEquals([a.id, a.pos, b.id, b.pos], [full, [10, 20], bare, undefined]);
  assertEquals(contexts.context(bare, 0)?.id, bare, "slot 0 is reused by the next call for it");
  assertEquals(b.id, bare);
});

Deno.test("contexts written again follow every change of the entities' signal keys", () => {
  // The world keeps each entity's key set and the columns of a run's keys between writes: keys
  // added and removed, a column dropped with its last value and made anew, a despawned entity's
  // eid reused, and text that is not ASCII must each show in the next write.
  const state = createGameState();
  const { world, gameplay } = state;
  const contexts = new WorldContexts(world, gameplay);
  const objectOnly = { context: (id: number, slot?: 0 | 1) => contexts.context(id, slot) };
  const ids: number[] = [];
  const signalsOf = (id: number) => world.entitySignals.ensure(eidOf(world, id)!);
  const spawn = (i: number) => {
    const id = spawnEntity(world);
    const eid = eidOf(world, id)!;
    world.groups.add(eid, i % 2 ? "ÿ-group" : "g");
    setComponent(world, id, Position, { x: i, y: 1 });
    signalsOf(id).setInteger("hp", i);
    return id;
  };
  for (let i = 0; i < 20; i++) ids.push(spawn(i));
  const steps: (() => void)[] = [
    () => ids.forEach((id, i) => signalsOf(id).setScalar("speed", i / 3)),
    () => signalsOf(ids[3]!).setString("name", "日本-" + 3),
    () => ids.forEach((id) => signalsOf(id).clearScalar("speed")), // the column goes
    () => ids.forEach((id, i) => signalsOf(id).setScalar("speed", -i)), // and comes back
    () => {
      // Gone and back between two writes of the same key sets: another column of the same key.
      ids.forEach((id) => signalsOf(id).clearScalar("speed"));
      ids.forEach((id, i) => signalsOf(id).setScalar("speed", i + 0.5));
    },
    () => signalsOf(ids[5]!).clearInteger("hp"),
    () => ids.forEach((id) => signalsOf(id).setFlag("seen")),
    () => {
      despawnEntity(world, ids[7]!);
      ids[7] = spawn(70); // the eid is reused, with other signals
      signalsOf(ids[7]!).setString("name", "é");
    },
    () => ids.forEach((id, i) => signalsOf(id).setInteger("hp", i * 2)),
  ];
  for (const step of steps) {
    assertEquals(encode(contexts, ids), encode(objectOnly, ids));
    step();
  }
  assertEquals(encode(contexts, ids), encode(objectOnly, ids));
});

// Callbacks that each read some fields of ctx.k (and say what they read), and one that reads ctx
// otherwise, so it gets every field.
const READERS = `
local function say(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "table" then
      local keys = {}
      for k, x in pairs(v) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(x) end
      table.sort(keys)
      v = "{" .. table.concat(keys, ",") .. "}"
    end
    out[i] = tostring(v)
  end
  engine.cmd(table.concat(out, " "))
end
function r_none(ctx) say(ctx.id) end
function r_pos(ctx) say(ctx.id, ctx.pos, ctx.screen_pos) end
function r_vel(ctx) say(ctx.vel, ctx.speed_sq) end
function r_frozen(ctx) say(ctx.frozen) end
function r_phase(ctx) say(ctx.phase, ctx.time_in_phase) end
function r_previous(ctx) say(ctx.previous_phase) end
function r_signals(ctx) local s = ctx.signals; say(s.scalars, s.integers, s.strings, s.flags) end
function r_misc(ctx) say(ctx.group, ctx.rotation, ctx.scale, ctx.rect, ctx.timer, ctx.sprite, ctx.animation) end
function r_all(ctx) local keys = {} for k in pairs(ctx) do keys[#keys + 1] = k end table.sort(keys) say(table.concat(keys, ",")) end
`;

Deno.test("contexts written with only the fields each callback reads give it what whole ones give", async () => {
  const { state, full, bare } = world();
  const contexts = new WorldContexts(state.world, state.gameplay);
  const functions = [...READERS.matchAll(/^function (r_\w+)/gm)].map((m) => m[1]!);
  // Each function on both entities, in runs of one function and interleaved.
  const plan = functions.flatMap((fn) => [full, bare, full].map((ctx) => ({ fn, ctx })))
    .concat(functions.map((fn, i) => ({ fn, ctx: i % 2 ? bare : full })));
  const request = () => {
    const w = new ByteWriter();
    writeBatchHead(w, { frame: 1, dt: 0.5 });
    w.u32(plan.length);
    const runs = new CallbackRunWriter(w, contexts);
    plan.forEach(({ fn, ctx }, i) => runs.add({ kind: CallbackKind.Timer, fn, ctx }, i, 1, 2));
    runs.finish();
    return w.finish();
  };
  await withRuntime(READERS, (vm) => {
    const reply = vm.callBinary(CONTEXT_FIELDS_FUNCTION, new Uint8Array(0));
    const learnt = parseFieldsRead(new TextDecoder().decode(reply));
    assertEquals(learnt.get("r_none"), 0);
    assertEquals(learnt.get("r_all"), Object.values(CtxField).reduce((a, b) => a | b, 0));
    const whole = request();
    contexts.setFieldsRead(learnt);
    const fewer = request();
    assert(fewer.length < whole.length * 0.6, `${fewer.length} of ${whole.length} bytes`);
    const said = (bytes: Uint8Array) =>
      decodeResults(vm.callBinary(BATCH_FUNCTION, bytes)).map((r) => text(r));
    const expected = said(whole);
    assertEquals(said(fewer), expected);
    // The whole contexts again, after the fewer (pools of both layouts are in the state now).
    contexts.setFieldsRead(new Map());
    assertEquals(said(request()), expected);
    // What was said is each field's value, not nil.
    assert(expected.some((line) => line.includes("{x=10.0,y=20.0}")), expected.join("\n"));
    assert(expected.some((line) => line.includes("fly 1.5")), expected.join("\n"));
    assert(expected.some((line) => line.includes("{hp=3}")), expected.join("\n"));
  });
});
