// Fakes for the terminal renderer's tests: no TTY, no timers, no real stdin.
import type { Drawable, RenderFrame } from "../../core/render_types.ts";
import type { ExitHooks, InputSource, SyncWriter } from "./terminal_io.ts";

/** Collects everything written; `take()` returns and clears it. */
export class FakeWriter implements SyncWriter {
  #text = "";
  #decoder = new TextDecoder();
  /** Bytes accepted per call (to exercise partial writes). */
  chunk = Infinity;
  writeSync(p: Uint8Array): number {
    const n = Math.min(p.length, this.chunk);
    this.#text += this.#decoder.decode(p.subarray(0, n), { stream: true });
    return n;
  }
  take(): string {
    const t = this.#text;
    this.#text = "";
    return t;
  }
}

/** Keyboard source driven by the test. */
export class FakeInput implements InputSource {
  rawCalls: boolean[] = [];
  cancelled = false;
  #waiting: ((v: Uint8Array | null) => void) | undefined;
  #onRead: (() => void) | undefined;
  setRaw(raw: boolean): void {
    this.rawCalls.push(raw);
  }
  read(): Promise<Uint8Array | null> {
    const onRead = this.#onRead;
    this.#onRead = undefined;
    onRead?.();
    if (this.cancelled) return Promise.resolve(null);
    return new Promise((resolve) => (this.#waiting = resolve));
  }
  /** Deliver a chunk; resolves once the renderer asked for the next one (so it was handled). */
  push(text: string | Uint8Array): Promise<void> {
    const waiting = this.#waiting;
    if (!waiting) throw new Error("Nothing is reading");
    this.#waiting = undefined;
    const done = new Promise<void>((resolve) => (this.#onRead = resolve));
    waiting(typeof text === "string" ? new TextEncoder().encode(text) : text);
    return done;
  }
  cancel(): Promise<void> {
    this.cancelled = true;
    this.#waiting?.(null);
    this.#waiting = undefined;
    return Promise.resolve();
  }
}

/** Exit hooks that record installs and let the test fire the restore. */
export class FakeExitHooks implements ExitHooks {
  restore: (() => void) | undefined;
  installed = 0;
  uninstalled = 0;
  install(restore: () => void): () => void {
    this.installed++;
    this.restore = restore;
    return () => {
      this.uninstalled++;
    };
  }
}

/** A manual clock. */
export class FakeClock {
  t = 0;
  now = (): number => this.t;
}

/** A frame with sensible defaults. */
export function makeFrame(over: Partial<RenderFrame> = {}): RenderFrame {
  return {
    frame: 0,
    view: { width: 2, height: 4 },
    camera: { x: 1, y: 2, zoom: 1 },
    background: [0, 0, 255, 255],
    drawables: [],
    status: { fps: 60, entities: 0, frameMs: 1, errors: 0, scene: "main" },
    ...over,
  };
}

/** A coloured rectangle drawable. */
export function rect(
  id: number,
  x: number,
  y: number,
  w: number,
  h: number,
  color: readonly [number, number, number, number],
  extra: Partial<Drawable> = {},
): Drawable {
  return { id, x, y, w, h, z: 0, color, ...extra };
}
