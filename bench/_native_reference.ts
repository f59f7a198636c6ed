/**
 * The native reference (`bench/lua/reference.lua`) in Debian's `lua5.4`, in
 * one process kept running for the whole comparison, so that its frames can
 * be interleaved with the engine's. A frame is one line each way over the
 * pipes, timed by wall clock like the engine, less the fastest pipe round
 * trip.
 *
 * @module
 */
import { LUA_DIR } from "./_lua_sources.ts";
import type { FrameSide } from "./_side.ts";
import { type World, worldLabel } from "./_worlds.ts";

const ENCODER = new TextEncoder();

/**
 * A kept `lua5.4` process serving any number of reference worlds.
 *
 * @example
 * ```ts ignore
 * import { NativeReference } from "./_native_reference.ts";
 * const native = await NativeReference.start("lua5.4");
 * const side = await native.world({ kind: "swarm", entities: 2000, callback: "go_update" });
 * console.log(await side.frame(), "ms");
 * await native.close();
 * ```
 */
export class NativeReference {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #reader: ReadableStreamDefaultReader<string>;
  #pending = "";
  #pipeMs = 0;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** Start the driver with interpreter `lua`; measures the pipe round trip. */
  static async start(lua: string): Promise<NativeReference> {
    const child = new Deno.Command(lua, {
      args: [`${LUA_DIR}reference_driver.lua`, LUA_DIR.replace(/\/$/, "")],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const native = new NativeReference(child);
    const pings: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await native.#ask("ping");
      pings.push(performance.now() - t0);
    }
    native.#pipeMs = Math.min(...pings);
    return native;
  }

  /** The fastest pipe round trip, subtracted from every frame time. */
  get pipeMs(): number {
    return this.#pipeMs;
  }

  /** Build `world` in the process; frames are timed by wall clock less the pipe. */
  async world(world: World): Promise<FrameSide> {
    const build = world.kind === "swarm"
      ? `swarm ${world.entities} ${world.callback}`
      : `storm ${world.pairs} ${world.mode}`;
    const id = await this.#ask(build);
    return {
      label: `native ${worldLabel(world)}`,
      frame: async () => {
        const t0 = performance.now();
        await this.#ask(`frame ${id}`);
        return Math.max(0, performance.now() - t0 - this.#pipeMs);
      },
      checksum: async () => Number(await this.#ask(`checksum ${id}`)),
      close: () => Promise.resolve(),
    };
  }

  /** Send one line; the answer after "ok". */
  async #ask(line: string): Promise<string> {
    await this.#writer.write(ENCODER.encode(line + "\n"));
    for (;;) {
      const at = this.#pending.indexOf("\n");
      if (at >= 0) {
        const answer = this.#pending.slice(0, at);
        this.#pending = this.#pending.slice(at + 1);
        if (answer !== "ok" && !answer.startsWith("ok ")) {
          throw new Error(`lua5.4 reference answered "${answer}" to "${line}"`);
        }
        return answer.slice(3);
      }
      const r = await this.#reader.read();
      if (r.done) throw new Error(`lua5.4 reference exited (after "${line}")`);
      this.#pending += r.value;
    }
  }

  /** End the process. */
  async close(): Promise<void> {
    await this.#writer.close();
    await this.#reader.cancel();
    await this.#child.status;
  }
}
