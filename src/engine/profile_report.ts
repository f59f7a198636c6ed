/**
 * The profile as text: the table `run --profile` prints at exit, the
 * console's `prof top`, and the one entry a status line has room for.
 *
 * @module
 */
import type { CallbackProfileDump, ProfileDump } from "./dump_state.ts";

/** Columns left-aligned or right-aligned, each as wide as its widest cell. */
function columns(rows: readonly (readonly string[])[], left: number): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => widths[i] = Math.max(widths[i] ?? 0, cell.length));
  }
  return rows.map((row) =>
    row.map((cell, i) => i < left ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))
      .join("  ").trimEnd()
  );
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

/**
 * Callbacks as table lines: function, kind, calls, total and mean time,
 * instruction budget per call, commands, errors.
 *
 * @example
 * ```ts
 * import { callbackLines } from "./profile_report.ts";
 * callbackLines([{
 *   name: "drift", kind: "phase update", calls: 600, total_ms: 12, mean_ms: 0.02,
 *   instructions: 30000, commands: 600, errors: 0,
 * }])[1]?.startsWith("drift"); // true
 * ```
 */
export function callbackLines(callbacks: readonly CallbackProfileDump[]): string[] {
  const head = [
    "callback",
    "kind",
    "calls",
    "total ms",
    "mean us",
    "instr/call",
    "commands",
    "errors",
  ];
  return columns([
    head,
    ...callbacks.map((c) => [
      c.name,
      c.kind,
      String(c.calls),
      fixed(c.total_ms, 2),
      fixed(c.mean_ms * 1000, 1),
      String(c.calls > 0 ? Math.round(c.instructions / c.calls) : 0),
      String(c.commands),
      String(c.errors),
    ]),
  ], 2);
}

/**
 * The table `run --profile` prints at exit: frames, callbacks costliest
 * first, then the stages of the frame.
 *
 * @example
 * ```ts
 * import { profileTable } from "./profile_report.ts";
 * const text = profileTable({ frames: 0, frame_ms: 0, callbacks: [], stages: [] });
 * text.startsWith("profile: 0 frames"); // true
 * ```
 */
export function profileTable(profile: ProfileDump): string {
  const perFrame = profile.frames > 0 ? profile.frame_ms / profile.frames : 0;
  const stages = columns([
    ["stage", "runs", "total ms", "mean ms", "of frames"],
    ...profile.stages.map((s) => [
      s.stage,
      String(s.runs),
      fixed(s.total_ms, 2),
      fixed(s.mean_ms, 3),
      profile.frame_ms > 0 ? `${fixed(s.total_ms / profile.frame_ms * 100, 1)}%` : "-",
    ]),
  ], 1);
  return [
    `profile: ${profile.frames} frames, ${fixed(perFrame, 2)} ms per frame ` +
    "(callback times are summed over the Lua workers)",
    "",
    ...(profile.callbacks.length > 0 ? callbackLines(profile.callbacks) : ["no Lua callbacks ran"]),
    "",
    ...stages,
  ].join("\n");
}

/**
 * The status line's profile entry: the costliest callback so far and its
 * time per frame, or undefined before any ran.
 *
 * @example
 * ```ts
 * import { profileHeadline } from "./profile_report.ts";
 * profileHeadline({ frames: 10, callbacks: [{
 *   name: "drift", kind: "phase update", calls: 100, total_ms: 5, mean_ms: 0.05,
 *   instructions: 100, commands: 100, errors: 0,
 * }] }); // "prof drift 0.50 ms/frame"
 * ```
 */
export function profileHeadline(
  profile: Pick<ProfileDump, "frames" | "callbacks">,
): string | undefined {
  const top = profile.callbacks[0];
  if (top === undefined) return undefined;
  return `prof ${top.name} ${fixed(top.total_ms / Math.max(1, profile.frames), 2)} ms/frame`;
}
