/**
 * Reading a child process's output as it comes, for the tests that act once
 * the process has printed something (the game has loaded) and then wait for
 * it to end.
 *
 * @module
 */

/** The text of a byte stream, read on demand. */
export class StreamText {
  #reader: ReadableStreamDefaultReader<string>;
  #text = "";

  /** Reads `stream` (e.g. a spawned child's `stderr`) as UTF-8. */
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** Everything read so far. */
  get text(): string {
    return this.#text;
  }

  /** Reads until the text includes `needle`; fails with the text if the stream ends first. */
  async until(needle: string): Promise<string> {
    while (!this.#text.includes(needle)) {
      const { value, done } = await this.#reader.read();
      if (done) {
        throw new Error(`the stream ended without ${JSON.stringify(needle)}:\n${this.#text}`);
      }
      this.#text += value;
    }
    return this.#text;
  }

  /** Reads to the end of the stream (the process closed it, usually by exiting); all the text. */
  async rest(): Promise<string> {
    for (;;) {
      const { value, done } = await this.#reader.read();
      if (done) return this.#text;
      this.#text += value;
    }
  }
}
