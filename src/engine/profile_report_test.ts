import { assertEquals } from "@std/assert";
import type { ProfileDump } from "./dump_state.ts";
import { profileHeadline, profileTable } from "./profile_report.ts";

const PROFILE: ProfileDump = {
  frames: 4,
  frame_ms: 10,
  callbacks: [
    {
      name: "drift",
      kind: "phase update",
      calls: 400,
      total_ms: 6,
      mean_ms: 0.015,
      instructions: 20000,
      commands: 400,
      errors: 0,
    },
    {
      name: "on_update_play",
      kind: "scene update",
      calls: 4,
      total_ms: 0.1,
      mean_ms: 0.025,
      instructions: 300,
      commands: 4,
      errors: 1,
    },
  ],
  stages: [
    { stage: "input", runs: 4, total_ms: 0.2, mean_ms: 0.05 },
    { stage: "scripts", runs: 4, total_ms: 7.5, mean_ms: 1.875 },
  ],
};

Deno.test("the exit table lists callbacks and stages in aligned columns", () => {
  assertEquals(profileTable(PROFILE).split("\n"), [
    "profile: 4 frames, 2.50 ms per frame (callback times are summed over the Lua workers)",
    "",
    "callback        kind          calls  total ms  mean us  instr/call  commands  errors",
    "drift           phase update    400      6.00     15.0          50       400       0",
    "on_update_play  scene update      4      0.10     25.0          75         4       1",
    "",
    "stage    runs  total ms  mean ms  of frames",
    "input       4      0.20    0.050       2.0%",
    "scripts     4      7.50    1.875      75.0%",
  ]);
});

Deno.test("an empty profile says no callbacks ran; the headline needs one", () => {
  const empty: ProfileDump = { frames: 0, frame_ms: 0, callbacks: [], stages: [] };
  assertEquals(profileTable(empty).split("\n").slice(0, 3), [
    "profile: 0 frames, 0.00 ms per frame (callback times are summed over the Lua workers)",
    "",
    "no Lua callbacks ran",
  ]);
  assertEquals(profileHeadline(empty), undefined);
  assertEquals(profileHeadline(PROFILE), "prof drift 1.50 ms/frame");
});
