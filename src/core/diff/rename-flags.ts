import { ExitCode, RetortError } from '../errors.js';
import type { SchemaModel } from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';
import type { RenameDecisions } from './rename-decisions.js';

/** A `--rename` flag that does not name a table or column of the current schema. */
export class RenameFlagError extends RetortError {
  constructor(flag: string, why: string) {
    super('RENAME_FLAG_INVALID', ExitCode.Usage, `--rename ${flag}: ${why}`, {
      hint: 'Write --rename old_table:new_table or --rename table.old_column:new_column (schema.table for other schemas).',
      details: { flag },
    });
  }
}

/**
 * Turns `--rename old:new` flags into decisions, using the current schema to tell a table
 * (`people:users`, `audit.log:events`) from a column (`users.name:full_name`).
 *
 * @example
 * parseRenameFlags(['users.name:full_name'], current); // { tables: {}, columns: { 'users.name': 'full_name' } }
 */
export function parseRenameFlags(flags: readonly string[], current: SchemaModel): RenameDecisions {
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  const tableKeys = new Set(current.tables.map((t) => qualifiedKey(t.schema, t.name)));
  for (const flag of flags) {
    const [from, to, ...rest] = flag.split(':');
    if (!from || !to || rest.length > 0) throw new RenameFlagError(flag, 'expected old:new');
    const newName = to.slice(to.lastIndexOf('.') + 1);
    if (tableKeys.has(from)) {
      tables[from] = newName;
      continue;
    }
    const dot = from.lastIndexOf('.');
    const table = from.slice(0, dot);
    if (dot > 0 && tableKeys.has(table)) {
      const renamedTable = tables[table];
      columns[
        `${renamedTable === undefined ? table : qualifiedKey(table.includes('.') ? table.split('.')[0]! : 'public', renamedTable)}.${from.slice(dot + 1)}`
      ] = newName;
      continue;
    }
    throw new RenameFlagError(
      flag,
      `${from} is neither a table nor a table.column of the current schema`,
    );
  }
  return { tables, columns };
}
