/**
 * Makes docs/images/terminal.png: runs the breakout demo in tmux, presses
 * Space twice, captures the pane with its colours, renders the ANSI cells as
 * HTML and screenshots that in headless Chromium.
 *
 *   deno run -A docs/tools/terminal_screenshot.ts
 */
import { chromium } from "playwright-core";
import { delay } from "@std/async";

const run = async (...args: string[]) =>
  new TextDecoder().decode(
    (await new Deno.Command("tmux", { args, stdout: "piped" }).output()).stdout,
  );

const root = new URL("../../", import.meta.url).pathname;
const session = `shot-${Deno.pid}`;
await run(
  "new-session",
  "-d",
  "-s",
  session,
  "-x",
  "110",
  "-y",
  "36",
  `cd '${root}' && '${Deno.execPath()}' run -A src/cli/main.ts run examples/breakout --renderer terminal`,
);
await delay(6000);
await run("send-keys", "-t", session, " ");
await delay(1500);
await run("send-keys", "-t", session, " ");
await delay(2500);
const ansi = await run("capture-pane", "-t", session, "-p", "-e");
await run("send-keys", "-t", session, "q");
await delay(500);
await run("kill-session", "-t", session);

// SGR state machine: enough of it for truecolor fg/bg and resets.
const SGR = new RegExp(String.raw`\u001b\[([0-9;]*)m`);
function toHtml(text: string): string {
  let fg = "#ddd", bg = "#000";
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const parts = line.split(SGR);
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 1) {
        const codes = (parts[i] ?? "").split(";").map(Number);
        for (let j = 0; j < codes.length; j++) {
          const c = codes[j];
          if (c === 0 || parts[i] === "") (fg = "#ddd", bg = "#000");
          else if ((c === 38 || c === 48) && codes[j + 1] === 2) {
            const rgb = `rgb(${codes[j + 2]},${codes[j + 3]},${codes[j + 4]})`;
            if (c === 38) fg = rgb;
            else bg = rgb;
            j += 4;
          } else if (c === 39) fg = "#ddd";
          else if (c === 49) bg = "#000";
        }
      } else if (parts[i]) {
        const esc = (parts[i] as string).replace(/&/g, "&amp;").replace(/</g, "&lt;");
        out.push(`<span style="color:${fg};background:${bg}">${esc}</span>`);
      }
    }
    out.push("\n");
  }
  return `<pre style="margin:0;font:14px/16px monospace;background:#000;display:inline-block">${
    out.join("")
  }</pre>`;
}

const dir = await Deno.makeTempDir();
const browser = await chromium.launchPersistentContext(dir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  viewport: { width: 900, height: 600 },
});
const page = await browser.newPage();
await page.setContent(`<body style="margin:0;background:#000">${toHtml(ansi)}</body>`);
await page.locator("pre").screenshot({ path: `${root}docs/images/terminal.png` });
await browser.close();
await Deno.remove(dir, { recursive: true });
console.log("wrote docs/images/terminal.png");
