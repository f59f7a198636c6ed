import { assert, assertEquals } from "@std/assert";
import { type Command, FUNCTIONS } from "../api/mod.ts";
import { spawnEntity } from "../ecs/mod.ts";
import { parsePhaseDef } from "../gameplay/mod.ts";
import { createGameState, type GameState } from "../state/game_state.ts";
import { eid, fn, logged, run } from "./_test_util.ts";

interface Case {
  commands: Command[];
  check: (state: GameState) => void;
}

const SIGNAL_CASES: Record<string, Case> = {
  set_scalar: {
    commands: [fn("set_scalar", { key: "t", value: 0.5 })],
    check: (s) => assertEquals(s.signals.getScalar("t"), 0.5),
  },
  set_integer: {
    commands: [fn("set_integer", { key: "score", value: 10 })],
    check: (s) => assertEquals(s.signals.getInteger("score"), 10),
  },
  set_string: {
    commands: [fn("set_string", { key: "scene", value: "level1" })],
    check: (s) => assertEquals(s.signals.getString("scene"), "level1"),
  },
  set_flag: {
    commands: [fn("set_flag", { key: "won" })],
    check: (s) => assert(s.signals.hasFlag("won")),
  },
  clear_scalar: {
    commands: [fn("set_scalar", { key: "t", value: 1 }), fn("clear_scalar", { key: "t" })],
    check: (s) => assertEquals(s.signals.getScalar("t"), undefined),
  },
  clear_integer: {
    commands: [fn("set_integer", { key: "n", value: 1 }), fn("clear_integer", { key: "n" })],
    check: (s) => assertEquals(s.signals.getInteger("n"), undefined),
  },
  clear_string: {
    commands: [fn("set_string", { key: "s", value: "x" }), fn("clear_string", { key: "s" })],
    check: (s) => assertEquals(s.signals.getString("s"), undefined),
  },
  clear_flag: {
    commands: [fn("set_flag", { key: "f" }), fn("clear_flag", { key: "f" })],
    check: (s) => assert(!s.signals.hasFlag("f")),
  },
  set_entity: {
    commands: [fn("set_entity", { key: "player", id: 1 })],
    check: (s) => assertEquals(s.signals.getEntity("player"), 1),
  },
  remove_entity: {
    commands: [fn("set_entity", { key: "player", id: 1 }), fn("remove_entity", { key: "player" })],
    check: (s) => assertEquals(s.signals.getEntity("player"), undefined),
  },
};

const GROUP_CASES: Record<string, Case> = {
  track_group: {
    commands: [fn("track_group", { group: "bricks" })],
    check: (s) => assertEquals(s.tracked.snapshot(), { bricks: 1 }),
  },
  untrack_group: {
    commands: [fn("track_group", { group: "bricks" }), fn("untrack_group", { group: "bricks" })],
    check: (s) => assert(!s.tracked.has("bricks")),
  },
  clear_tracked_groups: {
    commands: [
      fn("track_group", { group: "a" }),
      fn("track_group", { group: "b" }),
      fn("clear_tracked_groups", {}),
    ],
    check: (s) => assertEquals(s.tracked.names(), []),
  },
};

function stateWithBrick(): GameState {
  const state = createGameState();
  state.world.groups.add(eid(state, spawnEntity(state.world)), "bricks");
  return state;
}

for (const [category, cases] of [["signal", SIGNAL_CASES], ["group", GROUP_CASES]] as const) {
  Deno.test(`every ${category} command has a case`, () => {
    const names = FUNCTIONS.filter((f) => f.category === category && f.kind === "command").map((
      f,
    ) => f.name);
    assertEquals(names.filter((n) => !(n in cases)), []);
  });
  for (const [name, c] of Object.entries(cases)) {
    Deno.test(`${name} changes the world`, () => {
      const state = stateWithBrick();
      run(state, ...c.commands);
      c.check(state);
      assertEquals(logged(state), []);
    });
  }
}

Deno.test("set_entity with a dead id is refused", () => {
  const state = createGameState();
  run(state, fn("set_entity", { key: "p", id: 3 }));
  assertEquals(state.signals.getEntity("p"), undefined);
  assertEquals(logged(state), ["set_entity: entity 3 does not exist"]);
});

Deno.test("phase_transition sets a pending transition; without a machine it is skipped", () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  const bare = spawnEntity(state.world);
  const phase = parsePhaseDef(new Map([["initial", "idle"]]));
  if (!phase.ok) throw new Error(phase.error);
  state.gameplay.phase.set(eid(state, id), phase.value);
  run(
    state,
    fn("phase_transition", { id, phase: "hit" }),
    fn("phase_transition", { id: bare, phase: "hit" }),
  );
  assertEquals([phase.value.current, phase.value.pending], ["idle", "hit"]);
  assertEquals(logged(state), ["phase_transition: entity 2 has no phase machine"]);
});

Deno.test("audio commands append to the audio log with the frame", () => {
  const state = createGameState();
  state.log.frame = 7;
  run(
    state,
    fn("play_music", { id: "theme", looped: true }),
    fn("play_sound", { id: "hit" }, true),
    fn("stop_all_music", {}),
    fn("stop_all_sounds", {}),
  );
  assertEquals(state.audio, [
    { frame: 7, action: "play_music", id: "theme" },
    { frame: 7, action: "play_sound", id: "hit" },
    { frame: 7, action: "stop_all_music", id: null },
    { frame: 7, action: "stop_all_sounds", id: null },
  ]);
});

Deno.test("set_camera moves the camera and keeps the zoom unless given", () => {
  const state = createGameState();
  run(state, fn("set_camera", { x: 1, y: 2 }));
  assertEquals(state.camera, { x: 1, y: 2, zoom: 1 });
  run(state, fn("set_camera", { x: 3, y: 4, zoom: 2 }), fn("set_camera", { x: 0, y: 0, zoom: 0 }));
  assertEquals(state.camera, { x: 3, y: 4, zoom: 2 });
  assertEquals(logged(state), ["set_camera: zoom must be positive, got 0"]);
});

Deno.test("register_animation fills the registry", () => {
  const state = createGameState();
  const walk = { texture: "hero", x: 0, y: 16, dx: 16, dy: 0, frames: 4, fps: 8, looped: true };
  run(state, fn("register_animation", { id: "walk", ...walk }));
  assertEquals(state.animations.get("walk"), walk);
});

Deno.test("render commands set the post-process chain and uniforms", () => {
  const state = createGameState();
  run(
    state,
    fn("post_process_shader", { ids: ["crt", "bloom"] }),
    fn("post_process_set_float", { name: "f", value: 0.5 }),
    fn("post_process_set_int", { name: "i", value: 2 }),
    fn("post_process_set_vec2", { name: "v2", x: 1, y: 2 }),
    fn("post_process_set_vec4", { name: "v4", x: 1, y: 2, z: 3, w: 4 }),
    fn("post_process_set_float", { name: "gone", value: 1 }),
    fn("post_process_clear_uniform", { name: "gone" }),
  );
  assertEquals(state.postProcess.shaders, ["crt", "bloom"]);
  assertEquals(Object.fromEntries(state.postProcess.uniforms), {
    f: { type: "float", value: 0.5 },
    i: { type: "int", value: 2 },
    v2: { type: "vec2", value: [1, 2] },
    v4: { type: "vec4", value: [1, 2, 3, 4] },
  });
  run(state, fn("post_process_shader", {}), fn("post_process_clear_uniforms", {}));
  assertEquals([state.postProcess.shaders, state.postProcess.uniforms.size], [[], 0]);
});

Deno.test("load_* register keys with paths resolved inside the game folder", () => {
  const state = createGameState({ gameDir: "/games/pong" });
  run(
    state,
    fn("load_texture", { id: "ball", path: "img/ball.png" }),
    fn("load_font", { id: "main", path: "fonts/main.ttf", size: 16 }),
    fn("load_sound", { id: "hit", path: "hit.wav" }),
    fn("load_music", { id: "theme", path: "theme.ogg" }),
    fn("load_shader", { id: "crt", path: "crt.glsl" }),
    fn("load_tilemap", { id: "l1", path: "maps/l1.json" }),
    fn("load_texture", { id: "evil", path: "../../etc/passwd" }),
  );
  assertEquals(state.assets.texture.get("ball"), {
    path: "img/ball.png",
    resolved: "/games/pong/img/ball.png",
  });
  assertEquals(state.assets.font.get("main")?.size, 16);
  assertEquals(
    [
      state.assets.sound.size,
      state.assets.music.size,
      state.assets.shader.size,
      state.assets.tilemap.size,
    ],
    [1, 1, 1, 1],
  );
  assert(!state.assets.texture.has("evil"));
  assertEquals(state.log.entries.map((e) => [e.level, e.message]), [
    ["error", 'load_texture: "../../etc/passwd" is outside the game folder'],
  ]);
});

Deno.test("an asset whose symbolic link leads out of the game folder is an error naming it", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/game/assets`, { recursive: true });
    await Deno.writeTextFile(`${root}/secret.png`, "not yours");
    await Deno.symlink(`${root}/secret.png`, `${root}/game/assets/ball.png`);
    await Deno.symlink(root, `${root}/game/up`);
    const state = createGameState({ gameDir: `${root}/game`, checkAssetFiles: true });
    run(
      state,
      fn("load_texture", { id: "ball", path: "assets/ball.png" }),
      fn("load_sound", { id: "hit", path: "up/secret.png" }),
      fn("load_tilemap", { id: "map", path: `${root}/secret.png` }),
    );
    assertEquals([state.assets.texture.size, state.assets.sound.size, state.assets.tilemap.size], [
      0,
      0,
      0,
    ]);
    assertEquals(state.log.entries.map((e) => [e.level, e.message]), [
      [
        "error",
        'load_texture: "assets/ball.png" leads outside the game folder through a symbolic link',
      ],
      [
        "error",
        'load_sound: "up/secret.png" leads outside the game folder through a symbolic link',
      ],
      ["error", `load_tilemap: "${root}/secret.png" is outside the game folder`],
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("with checkAssetFiles a missing file is an error record, and its key still works", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/there.png`, "x");
    const state = createGameState({ gameDir: dir, checkAssetFiles: true });
    run(
      state,
      fn("load_texture", { id: "a", path: "there.png" }),
      fn("load_texture", { id: "b", path: "gone.png" }),
    );
    assertEquals([...state.assets.texture.keys()], ["a", "b"]);
    const message = 'load_texture: texture "b": file "gone.png" does not exist in the game folder';
    assertEquals(state.log.entries.map((e) => [e.level, e.message]), [["error", message]]);
    assertEquals(state.log.errors, [{ frame: 0, callback: "load_texture", entity: null, message }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("spawn_tiles records the request and names a missing map file", () => {
  const state = createGameState({ gameDir: "/g" });
  run(state, fn("spawn_tiles", { tilemap_id: "l1" }));
  assertEquals(logged(state), ['spawn_tiles: tilemap "l1" is not loaded']);
  run(
    state,
    fn("load_tilemap", { id: "l1", path: "l1.json" }),
    fn("spawn_tiles", { tilemap_id: "l1" }),
  );
  assertEquals(state.tilemapRequests, [{ frame: 0, tilemap: "l1" }]);
  assertEquals(
    logged(state).at(-1),
    'spawn_tiles: tilemap "l1" (l1.json): cannot read "l1.json": file not found',
  );
});

Deno.test("cvar and console commands go to their hooks", () => {
  const seen: string[] = [];
  const state = createGameState({
    hooks: { cvar: (c) => seen.push(c.name), console: (c) => seen.push(c.args.cmd) },
  });
  run(
    state,
    fn("console.execute", { cmd: "help" }),
    fn("cvar.on_change", { name: "g", handler: "on_g" }),
  );
  // cvar applies before console.
  assertEquals(seen, ["cvar.on_change", "help"]);
});
