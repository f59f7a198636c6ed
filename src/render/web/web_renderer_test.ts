// What the web renderer refuses, driven by a raw client on 127.0.0.1 that sends what a browser
// would not: other host names, other origins, no token, unmasked, oversized and flooding frames.
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { makePng } from "../../assets/_png_test_helpers.ts";
import type { AssetLoadError } from "../../assets/mod.ts";
import { makeFrame } from "../terminal/_test_helpers.ts";
import type { RendererEvent, RenderFrame } from "../../core/render_types.ts";
import {
  clientFrame,
  messageFrame,
  openSocket,
  pageToken,
  RawConnection,
  rawGet,
} from "./_test_helpers.ts";
import type { WebProtocolError } from "./errors.ts";
import { MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND } from "./protocol.ts";
import { WebRenderer } from "./web_renderer.ts";

const FRAME: RenderFrame = makeFrame({
  frame: 7,
  view: { width: 800, height: 600 },
  camera: { x: 400, y: 300, zoom: 1 },
  background: [0, 0, 0, 255],
  status: { fps: 60, entities: 0, frameMs: 1, errors: 0, scene: "menu" },
});

interface Served {
  renderer: WebRenderer;
  port: number;
  token: string;
  reports: string[];
  [Symbol.asyncDispose](): Promise<void>;
}

async function serve(): Promise<Served> {
  const reports: string[] = [];
  const renderer = new WebRenderer({
    gameDir: ".",
    port: 0,
    onListen: () => {},
    onProtocolError: (e: WebProtocolError) => reports.push(e.message),
  });
  await renderer.start();
  const port = renderer.port;
  return {
    renderer,
    port,
    token: await pageToken(port),
    reports,
    [Symbol.asyncDispose]: () => renderer.stop(),
  };
}

/** Poll the renderer until `done` holds for what arrived, or a second passes. */
async function events(
  renderer: WebRenderer,
  done: (all: RendererEvent[]) => boolean,
): Promise<RendererEvent[]> {
  const all: RendererEvent[] = [];
  for (let i = 0; i < 100 && !done(all); i++) {
    all.push(...renderer.poll());
    await new Promise((r) => setTimeout(r, 10));
  }
  return all;
}

const consoleLine = (line: string): RendererEvent => ({ type: "console", line });

Deno.test("web renderer answers only the host names it serves", async () => {
  await using s = await serve();
  for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `LOCALHOST:${s.port}`]) {
    assertEquals((await rawGet(s.port, "/", host)).status, 200, host);
  }
  for (
    const host of ["evil.example.com", `evil.example.com:${s.port}`, `localhost:${s.port + 1}`]
  ) {
    const res = await rawGet(s.port, "/", host);
    assertEquals(res.status, 403, host);
    assertStringIncludes(res.body, "Refused a request for host");
    assert(!res.body.includes("<canvas"), host);
  }
  // A request without Host at all.
  const conn = await RawConnection.open(s.port);
  await conn.write("GET / HTTP/1.0\r\n\r\n");
  assertEquals((await conn.answer()).status, 403);
  conn.close();
  // An upgrade aimed at another host is refused before the origin or token matter.
  const ws = await openSocket({ port: s.port, host: "evil.example.com", token: s.token });
  assertEquals(ws.answer.status, 403);
  ws.conn.close();
  // Each distinct refusal is reported once, however often it comes.
  const hostReports = s.reports.filter((m) => m.includes('"evil.example.com"'));
  assertEquals(hostReports.length, 1, hostReports.join("\n"));
});

Deno.test("web renderer: only the page's own origin with this run's token opens the socket", async () => {
  await using s = await serve();
  const refused = [
    { origin: "https://evil.example.com", token: s.token, why: "from origin" },
    { origin: `http://localhost:${s.port}`, token: s.token, why: "from origin" }, // not this host's
    { origin: null, token: s.token, why: "without an Origin" },
    { origin: undefined, token: null, why: "without the page's token" },
    { origin: undefined, token: "0".repeat(64), why: "with a wrong token" },
  ];
  for (const r of refused) {
    const { conn, answer } = await openSocket({ port: s.port, origin: r.origin, token: r.token });
    assertEquals(answer.status, 403, r.why);
    assertStringIncludes(answer.body, r.why);
    // No socket: a console line sent anyway reaches nothing.
    await conn.write(messageFrame(consoleLine("exec return tostring(os.time())")));
    assertEquals(await conn.frame(Date.now() + 200), null, r.why);
    conn.close();
  }
  assertEquals(s.renderer.clients, 0);
  assertEquals(await events(s.renderer, () => false), []);
  for (const r of refused) assert(s.reports.some((m) => m.includes(r.why)), r.why);

  // The page's own origin with the token gets the socket, the frames and the console.
  assertEquals(s.token.length, 64);
  s.renderer.draw(FRAME);
  const { conn, answer } = await openSocket({ port: s.port, token: s.token });
  assertEquals(answer.status, 101);
  const first = await conn.frame();
  assertEquals(JSON.parse(new TextDecoder().decode(first?.payload)).frame.frame, 7);
  await conn.write(messageFrame(consoleLine("get r_fov")));
  const got = await events(s.renderer, (all) => all.length > 0);
  assertEquals(got, [{ type: "console", line: "get r_fov" }]);
  conn.close();
});

Deno.test("web renderer: the page carries the token and may not be framed or cached", async () => {
  await using s = await serve();
  const page = await rawGet(s.port, "/", `localhost:${s.port}`);
  assertStringIncludes(page.body, `content="${s.token}"`);
  assertEquals(page.headers.get("content-security-policy"), "frame-ancestors 'none'");
  assertEquals(page.headers.get("cache-control"), "no-store");
  // A second renderer is a second run: another token.
  await using other = await serve();
  assert(other.token !== s.token);
});

Deno.test("web renderer closes a socket that sends an unmasked frame", async () => {
  await using s = await serve();
  const { conn, answer } = await openSocket({ port: s.port, token: s.token });
  assertEquals(answer.status, 101);
  await conn.write(messageFrame(consoleLine("list"), { mask: false }));
  assertEquals(await conn.untilClose(), { code: 1002, reason: "Client frames must be masked" });
  conn.close();
  assertEquals(await events(s.renderer, () => false), []);
  assertEquals(s.reports, ["Client frames must be masked"]);
});

Deno.test("web renderer closes a socket whose message is over the size limit", async () => {
  await using s = await serve();
  const { conn } = await openSocket({ port: s.port, token: s.token });
  // A message that fits is delivered; one over the limit is refused from its header alone.
  await conn.write(messageFrame(consoleLine("help")));
  const big = MAX_MESSAGE_BYTES + 1;
  await conn.write(clientFrame(0x1, "", { length: big }));
  const close = await conn.untilClose();
  assertEquals(close?.code, 1009);
  assertEquals(
    close?.reason,
    `Message of ${big} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`,
  );
  conn.close();
  assertEquals(await events(s.renderer, (all) => all.length > 0), [consoleLine("help")]);
  assertEquals(s.reports, [close?.reason]);

  // Fragments count together.
  const split = await openSocket({ port: s.port, token: s.token });
  const half = "x".repeat(MAX_MESSAGE_BYTES / 2 + 1);
  await split.conn.write(clientFrame(0x1, half, { fin: false }));
  await split.conn.write(clientFrame(0x0, half));
  assertEquals((await split.conn.untilClose())?.code, 1009);
  split.conn.close();
  assertEquals(s.renderer.poll(), []);
});

Deno.test("web renderer closes a socket that sends too many messages, the game goes on", async () => {
  await using s = await serve();
  const { conn } = await openSocket({ port: s.port, token: s.token });
  await conn.write(messageFrame({ type: "press", key: "arrow_left" }));
  const flood = MAX_MESSAGES_PER_SECOND + 100;
  const one = messageFrame({ type: "mouse", x: 1, y: 2 });
  const all = new Uint8Array(one.length * flood);
  for (let i = 0; i < flood; i++) all.set(one, i * one.length);
  await conn.write(all);
  const close = await conn.untilClose();
  assertEquals(close, {
    code: 1008,
    reason: `Too many messages: the limit is ${MAX_MESSAGES_PER_SECOND} per second`,
  });
  conn.close();
  const got = await events(s.renderer, (e) => e.some((x) => x.type === "release"));
  // The messages within the limit arrived (plus what the bucket refilled while they came, at
  // one per 2 ms), none past it, and the held key was let go.
  const moves = got.filter((e) => e.type === "mouse").length;
  assert(moves >= MAX_MESSAGES_PER_SECOND - 1 && moves < flood - 50, `${moves} moves arrived`);
  assertEquals(got.at(0), { type: "press", key: "arrow_left" });
  assertEquals(got.at(-1), { type: "release", key: "arrow_left" });
  assertEquals(s.reports, [close?.reason]);

  // The renderer still serves: a new page gets frames.
  const again = await openSocket({ port: s.port, token: s.token });
  assertEquals(again.answer.status, 101);
  s.renderer.draw(FRAME);
  assertEquals((await again.conn.frame())?.opcode, 0x1);
  again.conn.close();
});

Deno.test("web renderer answers pings and closes cleanly when the page closes", async () => {
  await using s = await serve();
  const { conn } = await openSocket({ port: s.port, token: s.token });
  await conn.write(clientFrame(0x9, "abc"));
  const pong = await conn.frame();
  assertEquals(pong?.opcode, 0xa);
  assertEquals(new TextDecoder().decode(pong?.payload), "abc");
  await conn.write(clientFrame(0x8, new Uint8Array([0x03, 0xe8])));
  assertEquals(await conn.untilClose(), { code: 1000, reason: "" });
  conn.close();
  assertEquals(s.reports, []);
});

Deno.test("web renderer closes open pages with a reason when it stops", async () => {
  const s = await serve();
  const { conn } = await openSocket({ port: s.port, token: s.token });
  await events(s.renderer, () => s.renderer.clients === 1);
  const stopped = s.renderer.stop();
  assertEquals(await conn.untilClose(), { code: 1001, reason: "Game stopped" });
  conn.close();
  await stopped;
});

Deno.test("web renderer reports each distinct problem once, and at most 64 of them", async () => {
  await using s = await serve();
  const { conn } = await openSocket({ port: s.port, token: s.token });
  const bad = Array.from({ length: 70 }, (_, i) => messageFrame({ type: "press", key: `k${i}` }));
  // Each twice, and a good message after them to know when all have arrived.
  await conn.write(new Uint8Array(bad.flatMap((f) => [...f, ...f])));
  await conn.write(messageFrame(consoleLine("done")));
  assertEquals(await events(s.renderer, (all) => all.length > 0), [consoleLine("done")]);
  conn.close();
  assertEquals(s.reports.length, 65);
  assertEquals(s.reports[0], 'Unknown key name "k0"');
  assertEquals(s.reports[63], 'Unknown key name "k63"');
  assertEquals(
    s.reports[64],
    "More than 64 different problems came from pages; the rest are not reported",
  );
});

Deno.test("a PNG that would decode past the image ceiling is not served; the error names it", async () => {
  const dir = await Deno.makeTempDir();
  const reports: AssetLoadError[] = [];
  const renderer = new WebRenderer({
    gameDir: dir,
    port: 0,
    onListen: () => {},
    onAssetError: (e) => reports.push(e),
  });
  try {
    // 4097 x 4096: a few KB of file, 64 MiB and more of RGBA.
    const rows = Array.from({ length: 4096 }, () => new Array(513).fill(0));
    await Deno.mkdir(`${dir}/assets`);
    await Deno.writeFile(
      `${dir}/assets/big.png`,
      makePng({ width: 4097, height: 4096, depth: 1, colorType: 0 }, rows),
    );
    await Deno.writeFile(
      `${dir}/assets/ok.png`,
      makePng({ width: 1, height: 1, depth: 8, colorType: 0 }, [[7]]),
    );
    await renderer.start();
    const big = await fetch(`${renderer.url}assets/assets/big.png`);
    assertEquals(big.status, 413);
    await big.body?.cancel();
    const ok = await fetch(`${renderer.url}assets/assets/ok.png`);
    assertEquals([ok.status, ok.headers.get("content-type")], [200, "image/png"]);
    await ok.body?.cancel();
    assertEquals(reports.map((e) => e.message), [
      `Cannot load assets/big.png: Image 4097x4096 would take ${
        4097 * 4096 * 4
      } bytes decoded, more than the 67108864 an image may take`,
    ]);
  } finally {
    await renderer.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
