/**
 * The console's `prof` command: `prof` turns the profiler on or off,
 * `prof top` lists the costliest callbacks so far, `prof reset` forgets them.
 *
 * @module
 */
import type { ConsoleCommand, ConsoleLine } from "../cvar/mod.ts";
import { lines } from "../cvar/output.ts";
import { callbackLines } from "./profile_report.ts";
import type { Profiler } from "./profiler.ts";

/** Callbacks `prof top` lists. */
export const PROF_TOP = 10;

/**
 * The `prof` command over `profiler`: it asks for profiling on or off, and
 * the engine applies the request at the next frame boundary (it alone can
 * ask the workers for costs).
 *
 * @example
 * ```ts
 * import { profileCommand } from "./profile_command.ts";
 * import { Profiler } from "./profiler.ts";
 * const profiler = new Profiler();
 * const prof = profileCommand(profiler);
 * prof.run(""); // [{ level: "info", text: "profiling on (prof top lists the costliest callbacks)" }]
 * profiler.takeRequest(); // true
 * ```
 */
export function profileCommand(
  profiler: Profiler,
): ConsoleCommand {
  return {
    usage: "prof [top|reset]",
    summary: `Turn the profiler on or off; top: the ${PROF_TOP} costliest callbacks so far; ` +
      "reset: forget what it collected",
    run: (args): ConsoleLine[] => {
      switch (args) {
        case "": {
          const wanted = !profiler.wanted;
          profiler.request(wanted);
          return lines(
            "info",
            wanted ? "profiling on (prof top lists the costliest callbacks)" : "profiling off",
          );
        }
        case "top": {
          const top = profiler.top(PROF_TOP);
          if (top.length > 0) return lines("info", callbackLines(top).join("\n"));
          return lines(
            "info",
            profiler.enabled
              ? "no callbacks profiled yet"
              : "no callbacks profiled: prof turns the profiler on",
          );
        }
        case "reset":
          profiler.reset();
          return lines("info", "profile cleared");
        default:
          return lines(
            "error",
            `Unknown prof argument ${JSON.stringify(args)}: use prof [top|reset]`,
          );
      }
    },
  };
}
