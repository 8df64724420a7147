import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  scenario: string;
  measure: string;
  value: string;
  /** ok, FAIL, or empty for a figure without a bound. */
  verdict?: 'ok' | 'FAIL' | '';
}

const fmt = (n: number) => (Number.isFinite(n) ? `${Math.round(n)}` : '-');

/** Milliseconds as `850 ms` or `12.3 s`. */
export function ms(n: number) {
  if (!Number.isFinite(n)) {
    return '-';
  }
  return n < 10_000 ? `${fmt(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** What the suite measured, printed as one table at the end. */
export class Report {
  readonly rows: Row[] = [];
  readonly title: string;

  constructor(title: string) {
    this.title = title;
  }

  add(scenario: string, measure: string, value: string, pass?: boolean) {
    this.rows.push({
      scenario,
      measure,
      value,
      verdict: pass === undefined ? '' : pass ? 'ok' : 'FAIL',
    });
  }

  toMarkdown() {
    const header = ['scenario', 'measure', 'value', 'verdict'];
    const lines = this.rows.map(r => [
      r.scenario,
      r.measure,
      r.value.replace(/\|/g, '\\|').replace(/\n/g, ' '),
      r.verdict ?? '',
    ]);
    const widths = header.map((h, i) =>
      Math.min(120, Math.max(h.length, ...lines.map(l => l[i].length))),
    );
    const row = (cells: string[]) =>
      `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [
      `## ${this.title}`,
      '',
      row(header),
      row(widths.map(w => '-'.repeat(w))),
      ...lines.map(row),
      '',
    ].join('\n');
  }

  print(file?: string) {
    const text = this.toMarkdown();
    process.stdout.write(`\n${text}\n`);
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
}
