/**
 * Reloading the game's scripts in every worker, all or nothing, in two steps:
 * each worker prepares the new scripts beside the running ones, then every
 * worker commits them, or every worker drops them.
 *
 * @example
 * ```ts
 * import { reloadWorkers } from "./host_reload.ts";
 * import type { WorkerSet } from "./worker_set.ts";
 * declare const workers: WorkerSet;
 * const main = { source: "function update() end", name: "main.lua" };
 * const outcome = await reloadWorkers(workers, { main, files: {} }); // the first error, if any
 * ```
 *
 * @module
 */
import { HostClosedError } from "./host_errors.ts";
import type { NamedSource, ReloadOutcome } from "./host_protocol.ts";
import type { WorkerSet } from "./worker_set.ts";

/**
 * Reload `scripts` in every worker of `workers`; see `LuaHost.reload`. Each
 * worker prepares them, and only when all succeeded and `check` finds no
 * problem does every worker commit them; workers started later get them too.
 * A worker replaced between the two steps runs the old scripts, so it is
 * restarted.
 *
 * @returns The first failure in worker order, or the first success.
 * @throws {HostClosedError} When no worker answered (the host is closed).
 *
 * @example
 * ```ts
 * import { reloadWorkers } from "./host_reload.ts";
 * import type { WorkerSet } from "./worker_set.ts";
 * declare const workers: WorkerSet;
 * const main = { source: "function update() end", name: "main.lua" };
 * const needsUpdate = (fns: readonly string[]) => fns.includes("update") ? undefined : "no update";
 * const r = await reloadWorkers(workers, { main, files: {} }, needsUpdate);
 * ```
 */
export async function reloadWorkers(
  workers: WorkerSet,
  scripts: { main: NamedSource; files: Record<string, string> },
  check?: (functions: readonly string[]) => string | undefined,
): Promise<ReloadOutcome> {
  let outcome: ReloadOutcome | undefined;
  for (const p of await workers.each((id) => ({ type: "reload", id, ...scripts }))) {
    const reply = p.status === "fulfilled" ? p.value : undefined;
    const r: ReloadOutcome = reply?.type === "reloaded" ? reply.outcome : {
      ok: false,
      error: {
        message: p.status === "rejected" ? errorText(p.reason) : "No reply",
        traceback: "",
      },
    };
    if (!r.ok) {
      outcome = r;
      break;
    }
    outcome ??= r;
  }
  if (outcome === undefined) throw new HostClosedError();
  const problem = outcome.ok ? check?.(outcome.functions) : undefined;
  if (problem !== undefined) outcome = { ok: false, error: { message: problem, traceback: "" } };
  const commit = outcome.ok;
  // Replacements from now on start with the new scripts.
  if (commit) workers.init = { ...workers.init, setup: { ...workers.init.setup, ...scripts } };
  const ended = await workers.each((id) => ({ type: "reloadEnd", id, commit }));
  ended.forEach((p, index) => {
    // A worker replaced between the two steps runs the old scripts: start it again.
    if (commit && p.status === "fulfilled" && p.value.type === "reloadEnded" && p.value.missing) {
      workers.crash(index, "Worker was replaced during a reload; restarted with the new scripts");
    }
  });
  return outcome;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
