import type { Command } from 'commander';
import type { SqlResult } from '../../commands/sql.js';
import { projectConfig, runVerb } from '../context.js';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** psql's aligned format: header, rule, rows, `(N rows)`. Pure. */
export function renderSql(result: SqlResult): string {
  if (result.columns.length === 0)
    return result.rowCount > 0 ? `OK (${result.rowCount} rows affected)` : 'OK';
  const rows = result.rows.map((row) => result.columns.map((c) => cell(row[c])));
  const widths = result.columns.map((c, i) =>
    Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    ` ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')}`.trimEnd();
  return [
    line(result.columns.map((c, i) => c.padStart(Math.floor(((widths[i] ?? 0) + c.length) / 2)))),
    widths.map((w) => '-'.repeat(w + 2)).join('+'),
    ...rows.map(line),
    `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('sql')
    .description('run SQL on the database and print the rows (the embedded one by default)')
    .argument('<query>', 'the SQL, e.g. "SELECT count(*) FROM users"')
    .option('--json', 'print the rows as JSON')
    .action(async (query: string, _opts: unknown, command: Command) => {
      await runVerb(
        command,
        async () => {
          const { sql } = await import('../../commands/sql.js');
          const result = await sql({ config: await projectConfig(command), query });
          return result;
        },
        renderSql,
      );
    });
}
