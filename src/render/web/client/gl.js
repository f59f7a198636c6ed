// WebGL2 drawing of a RenderFrame: textured quads in z order through the
// camera, entity fragment shaders, and a post-process chain through two
// framebuffers. Fragment shaders may be full GLSL ES 3.00 (starting with
// `#version 300 es`) or just their body, which gets the SHADER_HEADER below.

const VERT = `#version 300 es
in vec2 a_pos;
uniform vec4 u_rect;      // x, y, w, h in view units
uniform vec4 u_uv;        // u0, v0 at the top-left corner, u1, v1 at the bottom-right
uniform vec2 u_view;      // view size
uniform float u_rotation; // radians, about the rectangle's centre
out vec2 v_uv;
void main() {
  vec2 local = (a_pos - 0.5) * u_rect.zw;
  float c = cos(u_rotation), s = sin(u_rotation);
  vec2 p = u_rect.xy + 0.5 * u_rect.zw + vec2(local.x * c - local.y * s, local.x * s + local.y * c);
  v_uv = mix(u_uv.xy, u_uv.zw, a_pos);
  gl_Position = vec4(p.x / u_view.x * 2.0 - 1.0, 1.0 - p.y / u_view.y * 2.0, 0.0, 1.0);
}`;

/** What a shader body can use: prepended when the source has no #version line. */
export const SHADER_HEADER = `#version 300 es
precision highp float;
in vec2 v_uv;
uniform sampler2D u_texture;
uniform vec4 u_color;
uniform float u_time;
uniform vec2 u_resolution;
out vec4 fragColor;
`;

const DEFAULT_FRAG = `${SHADER_HEADER}
void main() { fragColor = texture(u_texture, v_uv) * u_color; }`;

const WHITE = [255, 255, 255, 255];

export class GlRenderer {
  #gl;
  #canvas;
  #default;
  #white;
  #textures = new Map(); // path -> { tex, w, h } | "loading" | "failed"
  #programs = new Map(); // shader key -> program info | "loading" | "failed"
  #textTextures = new Map(); // text cache id -> WebGLTexture
  #targets = []; // two { fbo, tex } for post-processing
  #targetSize = "";
  #assets = { texture: {}, shader: {} };
  #start = performance.now();
  #onProblem;

  constructor(canvas, onProblem) {
    const gl = canvas.getContext("webgl2", { alpha: false, antialias: false });
    if (!gl) throw new Error("WebGL2 is not available in this browser");
    this.#gl = gl;
    this.#canvas = canvas;
    this.#onProblem = onProblem;
    this.#default = this.#link(DEFAULT_FRAG);
    const quad = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    this.#white = this.#texture(1, 1, new Uint8Array(WHITE));
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
  }

  setAssets(assets) {
    this.#assets = assets;
    // A key may now point at another file: reload programs whose path changed.
    for (const [key, p] of this.#programs) {
      if (typeof p === "object" && p.path !== assets.shader[key]) this.#programs.delete(key);
    }
  }

  #texture(w, h, pixels) {
    const gl = this.#gl;
    const tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, w, h, 0, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    this.#nearest();
    return tex;
  }

  #nearest() {
    const gl = this.#gl;
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  }

  #link(fragSource) {
    const gl = this.#gl;
    const compile = (type, src) => {
      const s = gl.createShader(type);
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) {
        const log = gl.getShaderInfoLog(s);
        gl.deleteShader(s);
        throw new Error(log.trim());
      }
      return s;
    };
    const src = /^\s*#version/.test(fragSource) ? fragSource : SHADER_HEADER + fragSource;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl.VERTEX_SHADER, VERT));
    gl.attachShader(program, compile(gl.FRAGMENT_SHADER, src));
    gl.bindAttribLocation(program, 0, "a_pos");
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error(gl.getProgramInfoLog(program).trim());
    }
    // Declared types decide the setter, so an int set on a float uniform still works.
    const uniforms = new Map();
    const n = gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS);
    for (let i = 0; i < n; i++) {
      const info = gl.getActiveUniform(program, i);
      uniforms.set(info.name, { loc: gl.getUniformLocation(program, info.name), type: info.type });
    }
    return { program, uniforms };
  }

  #imageTexture(path) {
    const entry = this.#textures.get(path);
    if (entry !== undefined) return typeof entry === "object" ? entry : undefined;
    this.#textures.set(path, "loading");
    const img = new Image();
    img.onload = () => {
      const gl = this.#gl;
      const tex = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, tex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, img);
      this.#nearest();
      this.#textures.set(path, { tex, w: img.naturalWidth, h: img.naturalHeight });
    };
    img.onerror = () => {
      this.#textures.set(path, "failed");
      this.#onProblem(`Cannot load texture ${path}`);
    };
    img.src = `/assets/${encodeURI(path)}`;
    return undefined;
  }

  #shader(key) {
    const entry = this.#programs.get(key);
    if (entry !== undefined) return typeof entry === "object" ? entry : undefined;
    const path = this.#assets.shader[key];
    if (path === undefined) return undefined;
    this.#programs.set(key, "loading");
    fetch(`/assets/${encodeURI(path)}`)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((src) => this.#programs.set(key, { ...this.#link(src), path }))
      .catch((e) => {
        this.#programs.set(key, "failed");
        this.#onProblem(`Shader ${key} (${path}): ${e.message}`);
      });
    return undefined;
  }

  #setUniform(info, u) {
    if (!info) return;
    const gl = this.#gl;
    const v = Array.isArray(u.value) ? u.value : [u.value];
    switch (info.type) {
      case gl.FLOAT:
        return gl.uniform1f(info.loc, v[0] ?? 0);
      case gl.INT:
      case gl.BOOL:
        return gl.uniform1i(info.loc, Math.trunc(v[0] ?? 0));
      case gl.FLOAT_VEC2:
        return gl.uniform2f(info.loc, v[0] ?? 0, v[1] ?? 0);
      case gl.FLOAT_VEC3:
        return gl.uniform3f(info.loc, v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
      case gl.FLOAT_VEC4:
        return gl.uniform4f(info.loc, v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, v[3] ?? 0);
    }
  }

  #use(p, view, uniforms) {
    const gl = this.#gl;
    gl.useProgram(p.program);
    const u = p.uniforms;
    gl.uniform2f(u.get("u_view").loc, view.width, view.height);
    if (u.has("u_time")) {
      gl.uniform1f(u.get("u_time").loc, (performance.now() - this.#start) / 1000);
    }
    if (u.has("u_resolution")) gl.uniform2f(u.get("u_resolution").loc, view.width, view.height);
    if (u.has("u_texture")) gl.uniform1i(u.get("u_texture").loc, 0);
    for (const [name, value] of Object.entries(uniforms ?? {})) {
      this.#setUniform(u.get(name), value);
    }
  }

  #quad(p, rect, uv, color, rotation) {
    const gl = this.#gl;
    const u = p.uniforms;
    gl.uniform4f(u.get("u_rect").loc, rect.x, rect.y, rect.w, rect.h);
    gl.uniform4f(u.get("u_uv").loc, uv[0], uv[1], uv[2], uv[3]);
    const rot = u.get("u_rotation");
    if (rot) gl.uniform1f(rot.loc, ((rotation ?? 0) * Math.PI) / 180);
    const c = u.get("u_color");
    if (c) gl.uniform4f(c.loc, color[0] / 255, color[1] / 255, color[2] / 255, color[3] / 255);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  #ensureTargets(view) {
    const size = `${view.width}x${view.height}`;
    if (this.#targetSize === size) return;
    const gl = this.#gl;
    for (const t of this.#targets) {
      gl.deleteFramebuffer(t.fbo);
      gl.deleteTexture(t.tex);
    }
    this.#targets = [0, 1].map(() => {
      const tex = this.#texture(view.width, view.height, null);
      const fbo = gl.createFramebuffer();
      gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
      return { fbo, tex };
    });
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.#targetSize = size;
  }

  /** Draw `frame`; `texts` turns text drawables into canvases. */
  draw(frame, texts) {
    const gl = this.#gl;
    const { view, camera } = frame;
    if (this.#canvas.width !== view.width || this.#canvas.height !== view.height) {
      this.#canvas.width = view.width;
      this.#canvas.height = view.height;
    }
    const passes = (frame.postProcess?.shaders ?? []).map((k) => this.#shader(k)).filter(Boolean);
    if (passes.length > 0) this.#ensureTargets(view);
    gl.bindFramebuffer(gl.FRAMEBUFFER, passes.length > 0 ? this.#targets[0].fbo : null);
    gl.viewport(0, 0, view.width, view.height);
    const bg = frame.background;
    gl.clearColor(bg[0] / 255, bg[1] / 255, bg[2] / 255, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.activeTexture(gl.TEXTURE0);

    const sorted = [...frame.drawables].sort((a, b) => a.z - b.z || a.id - b.id);
    for (const d of sorted) {
      const r = d.screen ? { x: d.x, y: d.y, w: d.w, h: d.h } : {
        x: (d.x - camera.x) * camera.zoom + view.width / 2,
        y: (d.y - camera.y) * camera.zoom + view.height / 2,
        w: d.w * camera.zoom,
        h: d.h * camera.zoom,
      };
      if (d.text) {
        if (d.text.value === "") continue;
        const t = texts.get(d.text);
        let tex = this.#textTextures.get(t.id);
        if (!tex) {
          tex = gl.createTexture();
          gl.bindTexture(gl.TEXTURE_2D, tex);
          gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, t.canvas);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
          this.#textTextures.set(t.id, tex);
          t.release = () => {
            gl.deleteTexture(tex);
            this.#textTextures.delete(t.id);
          };
        }
        const zoom = d.screen ? 1 : camera.zoom;
        const p = this.#default;
        this.#use(p, view);
        gl.bindTexture(gl.TEXTURE_2D, tex);
        this.#quad(p, { x: r.x, y: r.y, w: t.w * zoom, h: t.h * zoom }, [0, 0, 1, 1], WHITE, 0);
        continue;
      }
      if (!(r.w > 0 && r.h > 0)) continue;
      const path = d.texture === undefined ? undefined : this.#assets.texture[d.texture];
      const image = path === undefined ? undefined : this.#imageTexture(path);
      let uv = [0, 0, 1, 1];
      let color = d.color;
      if (image) {
        const f = d.frame ?? { x: 0, y: 0, w: image.w, h: image.h };
        uv = [f.x / image.w, f.y / image.h, (f.x + f.w) / image.w, (f.y + f.h) / image.h];
        if (d.flipX) uv = [uv[2], uv[1], uv[0], uv[3]];
        if (d.flipY) uv = [uv[0], uv[3], uv[2], uv[1]];
        color = d.tint ?? WHITE;
      }
      const p = (d.shader && this.#shader(d.shader.key)) || this.#default;
      this.#use(p, view, d.shader?.uniforms);
      gl.bindTexture(gl.TEXTURE_2D, image ? image.tex : this.#white);
      this.#quad(p, r, uv, color, d.rotation);
    }

    // Post-process: ping-pong between the two targets, the last pass to the canvas.
    const full = { x: 0, y: 0, w: view.width, h: view.height };
    // Passes replace pixels: blending would darken them by the scene's alpha.
    if (passes.length > 0) gl.disable(gl.BLEND);
    passes.forEach((p, i) => {
      const last = i === passes.length - 1;
      gl.bindFramebuffer(gl.FRAMEBUFFER, last ? null : this.#targets[(i + 1) % 2].fbo);
      gl.clear(gl.COLOR_BUFFER_BIT);
      this.#use(p, view, frame.postProcess.uniforms);
      gl.bindTexture(gl.TEXTURE_2D, this.#targets[i % 2].tex);
      // Framebuffer textures have their first row at the bottom.
      this.#quad(p, full, [0, 1, 1, 0], WHITE, 0);
    });
    gl.enable(gl.BLEND);
  }
}
