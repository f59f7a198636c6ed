/**
 * Entry point of a Lua worker: holds `states` {@linkcode LuaVm}s (slots) and
 * answers {@linkcode HostToWorker} messages from `lua_host.ts`, one reply per
 * request, in arrival order. Sync calls are served from `sync_channel.ts`
 * while a sync session is open.
 *
 * A state that panics cannot be trusted again, so the worker closes itself
 * after replying; the host replaces it like any crashed worker.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL("./worker_main.ts", import.meta.url).href, { type: "module" });
 * ```
 *
 * @module
 */
import { LuaRunError, LuaVmClosedError } from "./errors.ts";
import type {
  CallOutcome,
  HostToWorker,
  LogRecord,
  LuaErrorRecord,
  ReloadOutcome,
  RunOutcome,
  WorkerToHost,
} from "./host_protocol.ts";
import { SyncServer } from "./sync_server.ts";
import { LuaVm } from "./vm.ts";

// Typed view of the worker global; the `deno.worker` lib would clash with the
// window lib when the whole tree is type-checked at once.
interface WorkerScope {
  onmessage: ((e: MessageEvent<HostToWorker>) => void) | null;
  postMessage(message: WorkerToHost, transfer?: Transferable[]): void;
  close(): void;
}
const scope = self as unknown as WorkerScope;

let vms: LuaVm[] = [];
let logs: LogRecord[] = [];
let server: SyncServer | undefined;
let exitReason: string | undefined;
// Set by the host when it gives up on this worker (see `host_protocol.ts`).
let stop: Int32Array<ArrayBufferLike> = new Int32Array(1);
let workerIndex = -1;
// Requests are handled strictly in order, after the async init finished.
let chain: Promise<void> = Promise.resolve();

function takeLogs(): LogRecord[] {
  const out = logs;
  logs = [];
  return out;
}

function toRecord(e: unknown): LuaErrorRecord {
  if (e instanceof LuaRunError) {
    if (e.kind === "panic") exitReason ??= `Lua state panicked: ${e.message}`;
    return { message: e.message, traceback: e.traceback, kind: e.kind };
  }
  if (e instanceof LuaVmClosedError) exitReason ??= e.message;
  return { message: e instanceof Error ? e.message : String(e), traceback: "" };
}

function vm(slot: number): LuaVm {
  const v = vms[slot];
  if (!v) throw new RangeError(`No Lua state in slot ${slot} (worker has ${vms.length})`);
  return v;
}

function callOutcome(slot: number, fn: string, input: Uint8Array): CallOutcome {
  try {
    return { ok: true, output: vm(slot).callBinary(fn, input) };
  } catch (e) {
    return { ok: false, error: toRecord(e) };
  }
}

// The sync server copies the output into the shared buffer before the next
// call into any VM, so a view into wasm memory saves a copy per collision.
function syncOutcome(slot: number, fn: string, input: Uint8Array): CallOutcome {
  try {
    return { ok: true, output: vm(slot).callBinaryView(fn, input) };
  } catch (e) {
    return { ok: false, error: toRecord(e) };
  }
}

// Only a view spanning its whole (non-shared) buffer can be handed over
// without copying or exposing unrelated bytes.
function transferable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength && !bytes.buffer.resizable;
  return whole ? bytes : bytes.slice();
}

function exitIfBroken(): void {
  if (exitReason === undefined) return;
  scope.postMessage({ type: "exiting", reason: exitReason });
  for (const v of vms) v.close();
  vms = [];
  realClose();
}

async function init(m: Extract<HostToWorker, { type: "init" }>): Promise<void> {
  const files = new Map(Object.entries(m.setup.files));
  stop = new Int32Array(m.stop);
  workerIndex = m.worker;
  vms = await Promise.all(
    Array.from({ length: m.states }, (_, slot) =>
      LuaVm.create({
        files,
        ...m.limits,
        stop,
        onLog: (level, message) => logs.push({ slot, level, message }),
      })),
  );
  for (let slot = 0; slot < vms.length; slot++) {
    const v = vms[slot]!;
    try {
      for (const p of m.setup.privileged) v.loadPrivileged(p.source, p.name);
      if (m.setup.main) v.run(m.setup.main.source, m.setup.main.name);
      if (m.setup.freeze) v.freezeGlobals();
    } catch (e) {
      scope.postMessage({ type: "initFailed", slot, error: toRecord(e), logs: takeLogs() });
      return;
    }
  }
  server = new SyncServer(m.sync, syncOutcome, stop);
  scope.postMessage({ type: "ready", logs: takeLogs() });
}

// Every state runs the new top level; one state's lines are kept, as at load.
function reload(m: Extract<HostToWorker, { type: "reload" }>): void {
  const files = new Map(Object.entries(m.files));
  let outcome: ReloadOutcome = { ok: true, functions: [] };
  for (let slot = 0; slot < vms.length && outcome.ok; slot++) {
    try {
      const functions = vm(slot).prepareReload(m.main.source, m.main.name, files);
      if (slot === 0) outcome = { ok: true, functions };
    } catch (e) {
      outcome = { ok: false, error: toRecord(e) };
      for (let s = 0; s < slot; s++) vms[s]?.finishReload(false);
    }
  }
  const logs = takeLogs().filter((l) => workerIndex === 0 && l.slot === 0);
  scope.postMessage({ type: "reloaded", id: m.id, outcome, logs });
  return exitIfBroken();
}

function handle(m: HostToWorker): Promise<void> | void {
  // The host has given up on this worker and terminated it; the termination takes effect once
  // this thread is back in its event loop, so do no more work.
  if (Atomics.load(stop, 0) !== 0) return realClose();
  switch (m.type) {
    case "init":
      return init(m);
    case "run": {
      let outcome: RunOutcome;
      try {
        outcome = { ok: true, values: vm(m.slot).run(m.source, m.chunkName) };
      } catch (e) {
        outcome = { ok: false, error: toRecord(e) };
      }
      scope.postMessage({ type: "ran", id: m.id, outcome, logs: takeLogs() });
      return exitIfBroken();
    }
    case "call": {
      const outcome = callOutcome(m.slot, m.fn, m.input);
      if (!outcome.ok) {
        scope.postMessage({ type: "called", id: m.id, outcome, logs: takeLogs() });
        return exitIfBroken();
      }
      const output = transferable(outcome.output);
      scope.postMessage(
        { type: "called", id: m.id, outcome: { ok: true, output }, logs: takeLogs() },
        [output.buffer as ArrayBuffer],
      );
      return;
    }
    case "reload":
      return reload(m);
    case "reloadEnd": {
      let missing = false;
      for (const v of vms) missing = !v.finishReload(m.commit) || missing;
      scope.postMessage({ type: "reloadEnded", id: m.id, missing, logs: takeLogs() });
      return exitIfBroken();
    }
    case "limits":
      for (const v of vms) v.setLimits(m.limits);
      scope.postMessage({ type: "limitsSet", id: m.id, logs: takeLogs() });
      return;
    case "sync":
      // Before init finished there is no server; the host's enter then times
      // out as "busy", which is the truth.
      if (server?.serve(m.epoch) && logs.length > 0) {
        scope.postMessage({ type: "log", logs: takeLogs() });
      }
      return exitIfBroken();
  }
}

// Closing ourselves fires no event on the main thread: say so first.
const realClose = scope.close.bind(scope);
scope.close = () => {
  scope.postMessage({ type: "exiting", reason: exitReason ?? "Worker closed itself" });
  realClose();
};

scope.onmessage = (e) => {
  const m = e.data;
  // A rejection here (an engine bug, not a Lua error) is left unhandled on
  // purpose: it kills the worker and the host replaces it.
  chain = chain.then(() => handle(m));
};
