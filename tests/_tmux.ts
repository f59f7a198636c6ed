/**
 * A game run by the real command line with the terminal renderer inside a
 * detached tmux session, for the tests that need a real pseudo-terminal:
 * they read the pane, send keys and read the exit code the game left.
 *
 * @module
 */
import { delay } from "@std/async";

/** Whether tmux runs here; the terminal tests are ignored without it. */
export const hasTmux: boolean = await new Deno.Command("tmux", {
  args: ["-V"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;

async function tmux(...args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

/** How to read the pane: `escapes` keeps the colour escape sequences. */
export interface ScreenOptions {
  escapes?: boolean;
}

/** A game in a tmux session; `close` (or `await using`) kills the session. */
export interface TmuxGame extends AsyncDisposable {
  /** The pane's text now. */
  screen(options?: ScreenOptions): Promise<string>;
  /** Sends keys in tmux's `send-keys` notation (`q`, `C-c`, `" "`). */
  send(keys: string): Promise<void>;
  /**
   * Polls the pane until it includes `text` (or `ok` holds for it), for up to
   * `seconds`; resolves to that screen, fails with the last one seen.
   */
  waitFor(
    ok: string | ((screen: string) => boolean),
    options?: ScreenOptions & { what?: string; seconds?: number },
  ): Promise<string>;
  /** The exit code the game ended with, waiting up to `seconds` for it to end. */
  exitCode(seconds?: number): Promise<string>;
  /** Kills the session and removes its temporary folder. */
  close(): Promise<void>;
}

/**
 * Runs `moonglow run <gameDir> --renderer terminal` in a new tmux session
 * named after `name` and this process, in a `width` x `height` pane.
 */
export async function startTmuxGame(
  gameDir: string,
  options: { name: string; width: number; height: number },
): Promise<TmuxGame> {
  const session = `moonglow-${options.name}-${Deno.pid}`;
  const dir = await Deno.makeTempDir({ prefix: "moonglow_tmux_" });
  const exitFile = `${dir}/exit`;
  // The shell keeps the pane open after the game so the tests can read what it left.
  const cmd = `'${Deno.execPath()}' run -A '${MAIN}' run '${gameDir}' --renderer terminal; ` +
    `echo $? > '${exitFile}'; sleep 60`;
  const size = ["-x", String(options.width), "-y", String(options.height)];
  await tmux("new-session", "-d", "-s", session, ...size, cmd);
  const screen = (o: ScreenOptions = {}) =>
    tmux("capture-pane", "-t", session, "-p", ...(o.escapes ? ["-e"] : []));
  const close = async () => {
    await tmux("kill-session", "-t", session);
    await Deno.remove(dir, { recursive: true });
  };
  return {
    screen,
    send: async (keys) => void await tmux("send-keys", "-t", session, keys),
    async waitFor(ok, o = {}) {
      const test = typeof ok === "string" ? (s: string) => s.includes(ok) : ok;
      const what = o.what ?? JSON.stringify(ok);
      let last = "";
      for (let i = 0; i < (o.seconds ?? 30) * 10; i++) {
        last = await screen(o);
        if (test(last)) return last;
        await delay(100);
      }
      throw new Error(`${what} never appeared; screen:\n${last}`);
    },
    async exitCode(seconds = 10) {
      for (let i = 0; i < seconds * 10; i++) {
        const code = (await Deno.readTextFile(exitFile).catch(() => "")).trim();
        if (code !== "") return code;
        await delay(100);
      }
      throw new Error(`the game did not exit within ${seconds} s`);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
