// Text drawables become canvas textures: FontFace loads the game's TTF
// fonts, a 2D canvas draws each distinct (text, font, size, colour) once,
// and the result is cached until it goes unused for a while.

const SCALE = 2; // texels per view unit, so text stays sharp when the canvas is scaled up

export class TextCache {
  #fonts = new Map(); // key -> family name once loaded
  #entries = new Map(); // id -> { canvas, w, h, lastUsed }
  #frame = 0;
  #onFontLoaded;

  constructor(onFontLoaded) {
    this.#onFontLoaded = onFontLoaded;
  }

  setFonts(fonts) {
    for (const [key, font] of Object.entries(fonts)) {
      if (this.#fonts.has(key)) continue;
      const family = `moonglow_${key.replace(/[^a-zA-Z0-9_]/g, "_")}`;
      this.#fonts.set(key, null);
      const face = new FontFace(family, `url(/assets/${encodeURI(font.path)})`);
      face.load().then((f) => {
        document.fonts.add(f);
        this.#fonts.set(key, family);
        // Texts drawn with the fallback font are redrawn with the real one.
        this.#entries.clear();
        this.#onFontLoaded?.();
      }).catch((e) => console.warn(`Cannot load font ${font.path}: ${e.message ?? e}`));
    }
  }

  nextFrame() {
    this.#frame++;
    if (this.#frame % 120 !== 0) return;
    for (const [id, e] of this.#entries) {
      if (this.#frame - e.lastUsed > 120) {
        e.release?.();
        this.#entries.delete(id);
      }
    }
  }

  /** `{ canvas, w, h, id }` for a text (w, h in view units at zoom 1), drawn on first use. */
  get(text) {
    const family = (text.font && this.#fonts.get(text.font)) || "monospace";
    const c = text.color;
    const id = `${family}|${text.size}|${c.join(",")}|${text.value}`;
    let e = this.#entries.get(id);
    if (!e) {
      e = draw(text.value, family, text.size, c);
      e.id = id;
      this.#entries.set(id, e);
    }
    e.lastUsed = this.#frame;
    return e;
  }
}

function draw(value, family, size, [r, g, b, a]) {
  const font = `${size * SCALE}px ${family}`;
  const lines = String(value).split("\n");
  const probe = document.createElement("canvas").getContext("2d");
  probe.font = font;
  const width = Math.max(1, ...lines.map((l) => Math.ceil(probe.measureText(l).width)));
  const lineHeight = Math.ceil(size * SCALE * 1.2);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = Math.max(1, lineHeight * lines.length);
  const ctx = canvas.getContext("2d");
  ctx.font = font;
  ctx.textBaseline = "top";
  ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${a / 255})`;
  lines.forEach((l, i) => ctx.fillText(l, 0, i * lineHeight));
  return { canvas, w: canvas.width / SCALE, h: canvas.height / SCALE };
}
