// WebAudio playback of the frame's audio commands. Browsers only let audio
// start after a user gesture, so the context is resumed on the first key or
// click; music asked for before that starts then.

export class AudioOut {
  #ctx;
  #buffers = new Map(); // path -> Promise<AudioBuffer | null>
  #music = null; // { source, id }
  #wantedMusic = null; // id asked before the context could play
  #sounds = new Set();
  #assets = { sound: {}, music: {} };
  #warned = new Set();

  setAssets(assets) {
    this.#assets = assets;
  }

  unlock() {
    if (!this.#ctx) this.#ctx = new AudioContext();
    if (this.#ctx.state === "suspended") this.#ctx.resume();
    if (this.#wantedMusic) {
      const id = this.#wantedMusic;
      this.#wantedMusic = null;
      this.#playMusic(id);
    }
  }

  /** Apply one cue `{ action, id }`. */
  apply(cue) {
    switch (cue.action) {
      case "play_sound":
        return this.#playSound(cue.id);
      case "play_music":
        return this.#playMusic(cue.id);
      case "stop_all_music":
        this.#wantedMusic = null;
        return this.#stopMusic();
      case "stop_all_sounds":
        for (const s of this.#sounds) s.stop();
        return this.#sounds.clear();
    }
  }

  #buffer(path) {
    let p = this.#buffers.get(path);
    if (!p) {
      p = fetch(`/assets/${encodeURI(path)}`)
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then((bytes) => this.#ctx.decodeAudioData(bytes))
        .catch((e) => {
          this.#warnOnce(path, `Cannot load sound ${path}: ${e.message}`);
          return null;
        });
      this.#buffers.set(path, p);
    }
    return p;
  }

  #warnOnce(key, message) {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    console.warn(message);
  }

  async #start(path, loop) {
    const buffer = await this.#buffer(path);
    if (!buffer) return null;
    const source = this.#ctx.createBufferSource();
    source.buffer = buffer;
    source.loop = loop;
    source.connect(this.#ctx.destination);
    source.start();
    return source;
  }

  async #playSound(id) {
    const path = this.#assets.sound[id];
    if (!this.#ctx || this.#ctx.state !== "running" || path === undefined) return;
    const source = await this.#start(path, false);
    if (!source) return;
    this.#sounds.add(source);
    source.onended = () => this.#sounds.delete(source);
  }

  async #playMusic(id) {
    const path = this.#assets.music[id];
    if (path === undefined) return;
    if (!this.#ctx || this.#ctx.state !== "running") {
      this.#wantedMusic = id;
      return;
    }
    this.#stopMusic();
    const entry = { source: null, id };
    this.#music = entry;
    const source = await this.#start(path, true);
    if (this.#music !== entry) return source?.stop();
    entry.source = source;
  }

  #stopMusic() {
    this.#music?.source?.stop();
    this.#music = null;
  }
}
