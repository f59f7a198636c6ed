/**
 * The comparison's report: the rows of the main table (a figure, with its
 * target and whether it is met), the per-entity cost table, and their
 * Markdown and JSON forms.
 *
 * @module
 */

/**
 * One figure of the main table.
 *
 * @example
 * ```ts
 * import type { Row } from "./_report.ts";
 * const row: Row = { measure: "engine / native", value: 2.5, unit: "x", target: "<= 3x", met: true };
 * ```
 */
export interface Row {
  /** What is measured. */
  measure: string;
  /** The figure. */
  value: number;
  /** Its unit: "ms", "us", "x", "KiB", "/s". */
  unit: string;
  /** The target, as text ("<= 3x"). */
  target?: string;
  /** Whether the target is met. */
  met?: boolean;
  /** How it was measured, spread, caveats. */
  note?: string;
}

/**
 * One step of the per-entity cost table: marginal us per entity per frame.
 *
 * @example
 * ```ts
 * import type { CostRow } from "./_report.ts";
 * const step: CostRow = {
 *   step: "+ math.random()",
 *   engineUs: 0.3,
 *   mainUs: 0.1,
 *   workerUs: 0.2,
 *   floorUs: 0.04,
 *   nativeUs: 0.03,
 * };
 * ```
 */
export interface CostRow {
  /** The callback variant and what it adds. */
  step: string;
  /** Whole engine frame (wall), 1 worker. */
  engineUs: number;
  /** Engine main-thread CPU (NaN when unmeasured). */
  mainUs: number;
  /** Engine worker-thread CPU (NaN when unmeasured). */
  workerUs: number;
  /** The reference program in one plain in-thread Lua state. */
  floorUs: number;
  /** The reference program in native lua5.4. */
  nativeUs: number;
}

/**
 * Format a figure with its unit, to a precision that suits its size.
 *
 * @example
 * ```ts
 * import { formatValue } from "./_report.ts";
 * console.log(formatValue(2.345, "x")); // "2.35x"
 * console.log(formatValue(123.4, "ms")); // "123.4 ms"
 * ```
 */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "n/a";
  if (unit === "x") return `${value.toFixed(2)}x`;
  if (unit === "/s" || unit === "KiB") return `${Math.round(value)} ${unit}`;
  const digits = Math.abs(value) < 1 ? 3 : Math.abs(value) < 10 ? 2 : 1;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * Collects rows, echoes each to stderr as it is measured (a long run shows
 * progress), and renders the tables.
 *
 * @example
 * ```ts
 * import { Report } from "./_report.ts";
 * const report = new Report({ echo: false });
 * report.row({ measure: "ratio", value: 2, unit: "x", target: "<= 3x", met: true });
 * console.log(report.markdown());
 * ```
 */
export class Report {
  /** Main table rows, in order. */
  readonly rows: Row[] = [];
  /** Per-entity cost table rows, in order. */
  readonly costs: CostRow[] = [];
  /** Title of the per-entity cost table. */
  costTitle = "";
  #echo: boolean;

  /** `echo`: print each row to stderr when added (default true). */
  constructor(options: { echo?: boolean } = {}) {
    this.#echo = options.echo ?? true;
  }

  /** Add a row of the main table. */
  row(r: Row): void {
    this.rows.push(r);
    if (!this.#echo) return;
    const verdict = r.met === undefined ? "" : r.met ? "  (met)" : "  (not met)";
    console.error(`${r.measure}: ${formatValue(r.value, r.unit)}${verdict}`);
  }

  /** Add a row of the per-entity cost table. */
  cost(c: CostRow): void {
    this.costs.push(c);
    if (this.#echo) console.error(`cost ${c.step}: ${formatValue(c.engineUs, "us")}`);
  }

  /** Both tables as Markdown. */
  markdown(): string {
    const cell = (s: string) => s.replaceAll("|", "\\|");
    const lines = [
      "| measure | value | target | met | note |",
      "| --- | --- | --- | --- | --- |",
      ...this.rows.map((r) =>
        `| ${cell(r.measure)} | ${formatValue(r.value, r.unit)} | ${cell(r.target ?? "")} | ${
          r.met === undefined ? "" : r.met ? "met" : "not met"
        } | ${cell(r.note ?? "")} |`
      ),
    ];
    if (this.costs.length > 0) {
      const us = (v: number) => formatValue(v, "us");
      lines.push(
        "",
        this.costTitle,
        "",
        "| step | engine (wall) | engine main thread (CPU) | engine worker (CPU) | wasm floor | native |",
        "| --- | --- | --- | --- | --- | --- |",
        ...this.costs.map((c) =>
          `| ${cell(c.step)} | ${us(c.engineUs)} | ${us(c.mainUs)} | ${us(c.workerUs)} | ${
            us(c.floorUs)
          } | ${us(c.nativeUs)} |`
        ),
      );
    }
    return lines.join("\n");
  }

  /** Both tables as JSON, with `meta` (date, versions, mode). */
  json(meta: Record<string, unknown>): string {
    return JSON.stringify({ ...meta, rows: this.rows, costs: this.costs }, null, 2) + "\n";
  }
}
