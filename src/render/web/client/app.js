// The page: one WebSocket to the engine. Frames in, drawn on the next
// animation frame (only the latest); keyboard, mouse and console lines out.
import { AudioOut } from "./audio.js";
import { GlRenderer } from "./gl.js";
import { keyName, mouseButtonName } from "./keys.js";
import { TextCache } from "./text.js";

const $ = (id) => document.getElementById(id);
const canvas = $("game");
const consoleLine = $("console-line");
const consoleLog = $("console-log");
const status = $("status");

/** Facts the browser test reads. */
const state = { frames: 0, connected: false, lastFrame: -1, problems: [] };
globalThis.moonglow = state;

// The error overlay: the engine's recent distinct errors (each frame's errorOverlay, newest
// first, already folded and worded by the engine) and this page's own problems. The close
// button hides what is shown until a new error comes.
const pageProblems = [];
let overlay = [];
const dismissed = new Set();

function problem(message) {
  state.problems.push(message);
  if (!pageProblems.includes(message)) pageProblems.push(message);
  pageProblems.splice(0, Math.max(0, pageProblems.length - 3));
  showErrors();
  console.warn(message);
}

function showErrors() {
  const lines = [
    ...overlay.filter((e) => !dismissed.has(e.message)).map((e) => e.text),
    ...pageProblems.filter((m) => !dismissed.has(m)),
  ];
  const text = lines.join("\n");
  if ($("errors-list").textContent !== text) $("errors-list").textContent = text;
  $("errors").style.display = lines.length ? "block" : "none";
}
$("errors-close").onclick = () => {
  for (const e of overlay) dismissed.add(e.message);
  for (const m of pageProblems) dismissed.add(m);
  showErrors();
};

let gl;
try {
  gl = new GlRenderer(canvas, problem);
} catch (e) {
  $("banner").textContent = e.message;
  throw e;
}
let pending = null;
const texts = new TextCache(() => pending ??= last);
const audio = new AudioOut();
let last = null;

function draw() {
  requestAnimationFrame(draw);
  if (!pending) return;
  const frame = pending;
  pending = null;
  gl.draw(frame, texts);
  texts.nextFrame();
  state.frames++;
  const s = frame.status;
  if (s.title && document.title !== s.title) document.title = s.title;
  status.textContent = `${s.title ? `${s.title}  ` : ""}FPS ${s.fps}  entities ${s.entities}  ${
    s.frameMs.toFixed(1)
  } ms  errors ${s.errors}  scene ${s.scene}${s.profile ? `  ${s.profile}` : ""}`;
}
requestAnimationFrame(draw);

let socket;
function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

// The server refuses a socket without this run's token, which it writes into the page.
const TOKEN_META = 'meta[name="moonglow-token"]';
const token = document.querySelector(TOKEN_META).content;

// After a restart the game has a new token: reload the page instead of retrying with the old one.
async function reconnect() {
  try {
    const res = await fetch("/", { cache: "no-store" });
    const page = new DOMParser().parseFromString(await res.text(), "text/html");
    const current = page.querySelector(TOKEN_META)?.content;
    if (current && current !== token) return location.reload();
  } catch {
    // The game is not back yet.
  }
  connect();
}

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  socket.onopen = () => {
    state.connected = true;
    $("banner").textContent = "";
  };
  socket.onclose = (e) => {
    state.connected = false;
    // A reason is the server saying why it closed the socket (a limit, the game stopping).
    const why = e.reason ? ` (${e.reason})` : "";
    $("banner").textContent = `disconnected from the game${why}; retrying...`;
    setTimeout(reconnect, 1000);
  };
  socket.onmessage = (e) => {
    const m = JSON.parse(e.data);
    switch (m.type) {
      case "assets":
        gl.setAssets(m.assets);
        texts.setFonts(m.assets.font);
        audio.setAssets(m.assets);
        break;
      case "frame":
        last = pending = m.frame;
        state.lastFrame = m.frame.frame;
        for (const cue of m.frame.audio ?? []) audio.apply(cue);
        overlay = m.frame.errorOverlay ?? [];
        showErrors();
        break;
      case "console":
        consoleLog.textContent = [...consoleLog.textContent.split("\n"), ...m.lines]
          .filter(Boolean).slice(-3).join("\n");
        break;
    }
  };
}
connect();

// Keyboard: to the game unless the console has focus. ` focuses the console, Escape leaves it.
const held = new Set();
addEventListener("keydown", (e) => {
  audio.unlock();
  if (e.target === consoleLine) return;
  if (e.code === "Backquote") {
    e.preventDefault();
    return consoleLine.focus();
  }
  const key = keyName(e.code);
  if (key === undefined) return;
  e.preventDefault();
  if (e.repeat || held.has(key)) return;
  held.add(key);
  send({ type: "press", key });
});
addEventListener("keyup", (e) => {
  const key = keyName(e.code);
  if (key === undefined || !held.delete(key)) return;
  send({ type: "release", key });
});
addEventListener("blur", () => {
  for (const key of held) send({ type: "release", key });
  held.clear();
});

consoleLine.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && consoleLine.value.trim() !== "") {
    send({ type: "console", line: consoleLine.value });
    consoleLog.textContent = [...consoleLog.textContent.split("\n"), `> ${consoleLine.value}`]
      .filter(Boolean).slice(-3).join("\n");
    consoleLine.value = "";
  } else if (e.key === "Escape") {
    consoleLine.blur();
    canvas.focus();
  }
});

// Mouse: position in view units, buttons as keys.
function viewPoint(e) {
  const r = canvas.getBoundingClientRect();
  return {
    x: ((e.clientX - r.left) / r.width) * canvas.width,
    y: ((e.clientY - r.top) / r.height) * canvas.height,
  };
}
canvas.addEventListener("mousemove", (e) => send({ type: "mouse", ...viewPoint(e) }));
canvas.addEventListener("mousedown", (e) => {
  audio.unlock();
  canvas.focus();
  const key = mouseButtonName(e.button);
  if (key && !held.has(key)) {
    held.add(key);
    send({ type: "press", key });
  }
});
addEventListener("mouseup", (e) => {
  const key = mouseButtonName(e.button);
  if (key && held.delete(key)) send({ type: "release", key });
});
canvas.addEventListener("contextmenu", (e) => e.preventDefault());
