/** Prints rows as a plain-text table under a header, columns padded. */
export function printTable(rows, header) {
  const cells = [header, ...rows].map(r => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = r => r.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  cells.slice(1).forEach(r => console.log(line(r)));
}
