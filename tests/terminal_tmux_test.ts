/**
 * The terminal renderer in a real pseudo-terminal (tmux): it draws in
 * truecolor, shows the status line, reacts to keys and quits cleanly,
 * restoring the terminal.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { delay } from "@std/async";

const hasTmux = await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
  .output().then((o) => o.success, () => false);

async function tmux(...args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

async function waitFor(session: string, text: string, seconds = 30): Promise<string> {
  let screen = "";
  for (let i = 0; i < seconds * 10; i++) {
    screen = await tmux("capture-pane", "-t", session, "-p", "-e");
    if (screen.includes(text)) return screen;
    await delay(100);
  }
  throw new Error(`"${text}" never appeared; screen:\n${screen}`);
}

/** The exit code the session's command wrote to `file`, waiting up to `seconds`. */
async function exitCode(file: string, seconds = 10): Promise<string> {
  for (let i = 0; i < seconds * 10; i++) {
    const code = (await Deno.readTextFile(file).catch(() => "")).trim();
    if (code !== "") return code;
    await delay(100);
  }
  throw new Error(`the game did not exit within ${seconds} s`);
}

Deno.test({
  name: "the terminal renderer draws, shows its status line, takes keys and quits cleanly",
  ignore: !hasTmux,
  fn: async () => {
    const session = `moonglow-${Deno.pid}`;
    const dir = await Deno.makeTempDir();
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const game = new URL("../examples/breakout", import.meta.url).pathname;
    const cmd =
      `'${Deno.execPath()}' run -A '${main}' run '${game}' --renderer terminal; echo $? > '${dir}/exit'; sleep 60`;
    await tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "32", cmd);
    try {
      const menu = await waitFor(session, "scene menu");
      assertStringIncludes(menu, "MOONGLOW");
      const truecolor = new RegExp(String.raw`\u001b\[[0-9;]*[34]8;2;\d+;\d+;\d+`);
      assert(truecolor.test(menu), "no truecolor cells drawn");
      assertStringIncludes(menu, "FPS");
      await tmux("send-keys", "-t", session, " ");
      const level = await waitFor(session, "scene level");
      assertStringIncludes(level, "SCORE");
      await tmux("send-keys", "-t", session, "q");
      assertEquals(await exitCode(`${dir}/exit`), "0");
      // Back from the alternate screen: the game's status line is gone.
      const after = await tmux("capture-pane", "-t", session, "-p");
      assert(!after.includes("scene level"), `terminal not restored:\n${after}`);
    } finally {
      await tmux("kill-session", "-t", session);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "Ctrl-C in the terminal renderer ends the game with exit code 130",
  ignore: !hasTmux,
  fn: async () => {
    const session = `moonglow-ctrlc-${Deno.pid}`;
    const dir = await Deno.makeTempDir();
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const game = new URL("../examples/breakout", import.meta.url).pathname;
    const cmd =
      `'${Deno.execPath()}' run -A '${main}' run '${game}' --renderer terminal; echo $? > '${dir}/exit'; sleep 60`;
    await tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "32", cmd);
    try {
      // The manifest's title leads the status line.
      const menu = await waitFor(session, "scene menu");
      assertStringIncludes(menu, "Breakout | FPS");
      await tmux("send-keys", "-t", session, "C-c");
      assertEquals(await exitCode(`${dir}/exit`), "130");
    } finally {
      await tmux("kill-session", "-t", session);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
