/**
 * Files a game names (textures, sounds, fonts, shaders, maps, tilesets, grid
 * layouts) are read from its folder only: the path is resolved against the
 * folder, and the real path (symbolic links followed) must be inside the
 * folder's real path too.
 *
 * @example
 * ```ts
 * import { resolveGamePath } from "./game_path.ts";
 * resolveGamePath("/games/pong", "img/ball.png"); // "/games/pong/img/ball.png"
 * ```
 *
 * @module
 */
import { dirname, isAbsolute, join, relative, resolve, sep as SEPARATOR } from "node:path";
import { MoonglowError } from "./errors.ts";

/**
 * A file a game named is outside its folder. `path` is the file as the game
 * named it.
 *
 * @example
 * ```ts
 * import { OutsideGameFolderError } from "./game_path.ts";
 * const e = new OutsideGameFolderError("../secret.json");
 * console.assert(e.message === '"../secret.json" is outside the game folder');
 * ```
 */
export class OutsideGameFolderError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "OUTSIDE_GAME_FOLDER";
  /** The file as the game named it. */
  readonly path: string;

  /**
   * Create the error.
   *
   * @param path The file as the game named it.
   * @param link Whether the path is inside the folder but a link leads out.
   */
  constructor(path: string, link = false) {
    super(
      link
        ? `${JSON.stringify(path)} leads outside the game folder through a symbolic link`
        : `${JSON.stringify(path)} is outside the game folder`,
    );
    this.path = path;
  }
}

/**
 * Whether absolute `path` is below folder `root` (not `root` itself), as
 * written: links are not followed.
 *
 * @example
 * ```ts
 * import { isInside } from "./game_path.ts";
 * console.assert(isInside("/g", "/g/..data/x.png") && !isInside("/g", "/g/../x.png"));
 * ```
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${SEPARATOR}`) && !isAbsolute(rel);
}

// The real path of `path`, or of its nearest existing ancestor joined with
// the rest: a missing file under a linked folder still resolves where the
// link leads. (A file that cannot be resolved cannot be read either.)
function realPathOf(path: string): string {
  let rest = "";
  let at = path;
  for (;;) {
    try {
      const real = Deno.realPathSync(at);
      return rest === "" ? real : join(real, rest);
    } catch {
      const up = dirname(at);
      if (up === at) return path;
      rest = rest === "" ? relative(up, at) : join(relative(up, at), rest);
      at = up;
    }
  }
}

/**
 * The absolute path of `path` (relative to `from`, by default the game
 * folder `gameDir`) when it is inside the game folder, symbolic links
 * included; the file need not exist.
 *
 * @throws {OutsideGameFolderError} when the path, or where its links lead,
 * is outside the game folder; `shown` (default `path`) names the file.
 * @example
 * ```ts
 * import { OutsideGameFolderError, resolveGamePath } from "./game_path.ts";
 * resolveGamePath("/games/pong", "tiles.tsj", "/games/pong/maps"); // "/games/pong/maps/tiles.tsj"
 * try {
 *   resolveGamePath("/games/pong", "/etc/passwd");
 * } catch (e) {
 *   console.assert(e instanceof OutsideGameFolderError);
 * }
 * ```
 */
export function resolveGamePath(
  gameDir: string,
  path: string,
  from: string = gameDir,
  shown: string = path,
): string {
  const root = resolve(gameDir);
  const resolved = resolve(from, path);
  if (path.includes("\0") || !isInside(root, resolved)) throw new OutsideGameFolderError(shown);
  if (!isInside(realPathOf(root), realPathOf(resolved))) {
    throw new OutsideGameFolderError(shown, true);
  }
  return resolved;
}
