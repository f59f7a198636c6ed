/**
 * Parses the bytes a terminal sends in raw mode into key tokens named as in
 * `src/input/keys.ts`.
 *
 * Escape vs escape sequences: a lone ESC at the end of a read is the Escape
 * key (terminals write a whole sequence in one go, so a sequence is never
 * waited for); an incomplete `ESC [` or `ESC O` sequence or UTF-8 character
 * is kept and completed by the next read. ESC followed by a printable byte
 * is Alt+key and reported as the key (modifiers are not reported).
 *
 * @example
 * ```ts
 * import { KeyParser } from "./key_parser.ts";
 * const p = new KeyParser();
 * p.feed(new TextEncoder().encode("\x1b[Aq")).map((t) => t.type === "key" ? t.key : t.type);
 * // ["arrow_up", "q"]
 * ```
 *
 * @module
 */

/**
 * One parsed keystroke. `key` tokens carry the key name and the character
 * typed (`""` for non-printing keys); `text` tokens are printable characters
 * with no key name of their own (`!`, `é`), useful only to the console
 * prompt; `interrupt` is Ctrl-C.
 */
export type KeyToken =
  | { readonly type: "key"; readonly key: string; readonly text: string }
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "interrupt" };

const PUNCTUATION: Readonly<Record<string, string>> = {
  " ": "space",
  "-": "minus",
  "=": "equal",
  ",": "comma",
  ".": "period",
  "/": "slash",
  "\\": "backslash",
  ";": "semicolon",
  "'": "quote",
  "`": "backquote",
  "[": "bracket_left",
  "]": "bracket_right",
};

const CSI_LETTER: Readonly<Record<string, string>> = {
  A: "arrow_up",
  B: "arrow_down",
  C: "arrow_right",
  D: "arrow_left",
  H: "home",
  F: "end",
  P: "f1",
  Q: "f2",
  R: "f3",
  S: "f4",
};

const CSI_TILDE: Readonly<Record<number, string>> = {
  1: "home",
  2: "insert",
  3: "delete",
  4: "end",
  5: "page_up",
  6: "page_down",
  7: "home",
  8: "end",
  15: "f5",
  17: "f6",
  18: "f7",
  19: "f8",
  20: "f9",
  21: "f10",
  23: "f11",
  24: "f12",
};

const ESC = 0x1b;
/** A longer "sequence" is garbage; drop it rather than buffer forever. */
const MAX_PENDING = 64;

/**
 * The key token for one printable ASCII character.
 *
 * @example
 * ```ts
 * import { asciiToken } from "./key_parser.ts";
 * asciiToken("A"); // { type: "key", key: "a", text: "A" }
 * asciiToken("!"); // { type: "text", text: "!" }
 * ```
 */
export function asciiToken(ch: string): KeyToken {
  if (ch >= "a" && ch <= "z") return { type: "key", key: ch, text: ch };
  if (ch >= "A" && ch <= "Z") return { type: "key", key: ch.toLowerCase(), text: ch };
  if (ch >= "0" && ch <= "9") return { type: "key", key: ch, text: ch };
  const key = PUNCTUATION[ch];
  return key ? { type: "key", key, text: ch } : { type: "text", text: ch };
}

function named(key: string): KeyToken {
  return { type: "key", key, text: "" };
}

/**
 * A stateful parser: {@linkcode KeyParser.feed} each chunk read from stdin.
 *
 * @example
 * ```ts
 * import { KeyParser } from "./key_parser.ts";
 * const p = new KeyParser();
 * p.feed(new Uint8Array([0x1b, 0x5b])); // [] (incomplete, kept)
 * p.feed(new Uint8Array([0x44])); // [{ type: "key", key: "arrow_left", text: "" }]
 * ```
 */
export class KeyParser {
  #pending: Uint8Array = new Uint8Array(0);
  #decoder = new TextDecoder();

  /**
   * Parse one chunk (plus whatever was left incomplete by the last one).
   *
   * @example
   * ```ts
   * import { KeyParser } from "./key_parser.ts";
   * new KeyParser().feed(new Uint8Array([0x03])); // [{ type: "interrupt" }]
   * ```
   */
  feed(chunk: Uint8Array): KeyToken[] {
    let buf = chunk;
    if (this.#pending.length > 0) {
      buf = new Uint8Array(this.#pending.length + chunk.length);
      buf.set(this.#pending);
      buf.set(chunk, this.#pending.length);
      this.#pending = new Uint8Array(0);
    }
    const out: KeyToken[] = [];
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const b = buf[i] ?? 0;
      if (b === ESC) {
        const next = buf[i + 1];
        if (next === undefined) {
          out.push(named("escape"));
          i++;
        } else if (next === 0x5b /* [ */) {
          let j = i + 2;
          while (j < n && !isFinal(buf[j] ?? 0)) j++;
          if (j >= n) {
            this.#keep(buf.subarray(i));
            break;
          }
          const token = csiToken(
            this.#ascii(buf.subarray(i + 2, j)),
            String.fromCharCode(buf[j] ?? 0),
          );
          if (token) out.push(token);
          i = j + 1;
        } else if (next === 0x4f /* O */) {
          const final = buf[i + 2];
          if (final === undefined) {
            this.#keep(buf.subarray(i));
            break;
          }
          const key = CSI_LETTER[String.fromCharCode(final)];
          if (key) out.push(named(key));
          i += 3;
        } else if (next === ESC) {
          out.push(named("escape"));
          i++;
        } else {
          // Alt+key: drop the ESC, the key itself follows.
          i++;
        }
      } else if (b === 0x03) {
        out.push({ type: "interrupt" });
        i++;
      } else if (b === 0x0d || b === 0x0a) {
        out.push(named("enter"));
        i++;
      } else if (b === 0x7f || b === 0x08) {
        out.push(named("backspace"));
        i++;
      } else if (b === 0x09) {
        out.push(named("tab"));
        i++;
      } else if (b < 0x20) {
        i++; // Other control keys have no name.
      } else if (b < 0x80) {
        out.push(asciiToken(String.fromCharCode(b)));
        i++;
      } else {
        // Valid UTF-8 lead bytes only; stray continuation or invalid bytes are skipped.
        const len = b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
          ? 3
          : b >= 0xf0 && b <= 0xf4
          ? 4
          : 1;
        if (len > 1 && i + len > n) {
          this.#keep(buf.subarray(i));
          break;
        }
        const text = this.#decoder.decode(buf.subarray(i, i + len));
        if (len > 1 && text !== "\ufffd") out.push({ type: "text", text });
        i += len;
      }
    }
    return out;
  }

  #keep(rest: Uint8Array): void {
    this.#pending = rest.length <= MAX_PENDING ? rest.slice() : new Uint8Array(0);
  }

  #ascii(bytes: Uint8Array): string {
    return String.fromCharCode(...bytes);
  }
}

/** CSI final bytes are 0x40..0x7e. */
function isFinal(b: number): boolean {
  return b >= 0x40 && b <= 0x7e;
}

function csiToken(params: string, final: string): KeyToken | undefined {
  if (final === "~") {
    const key = CSI_TILDE[Number.parseInt(params.split(";")[0] ?? "", 10)];
    return key ? named(key) : undefined;
  }
  // `ESC [ 1 ; 5 A` is Ctrl+Up: same key, modifier dropped. Private
  // sequences (`ESC [ ? ...`, mouse, focus) have no key.
  if (params.startsWith("?") || params.startsWith("<") || params.startsWith(">")) return undefined;
  const key = CSI_LETTER[final];
  return key ? named(key) : undefined;
}
