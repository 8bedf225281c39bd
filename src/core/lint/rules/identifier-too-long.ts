import { byteLength } from '../ast.js';
import type { LintRule } from '../rule.js';

const DDL = new Set([
  'CreateStmt',
  'IndexStmt',
  'AlterTableStmt',
  'RenameStmt',
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CreateSeqStmt',
  'ViewStmt',
  'CreateTrigStmt',
  'CreateSchemaStmt',
  'CompositeTypeStmt',
  'CreateTableAsStmt',
]);

/**
 * Identifiers as written in the SQL text. The parser already truncates long names to 63 bytes
 * (as PostgreSQL does, with only a NOTICE), so they are found in the text, not the tree.
 */
function identifiers(sql: string): string[] {
  const out: string[] = [];
  // Literals and comments are not names; enum labels are literals but PostgreSQL rejects long
  // ones with an error, so they need no lint.
  const stripped = sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, ' ')
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const m of stripped.matchAll(
    /"((?:[^"]|"")+)"|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)/g,
  )) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '').toLowerCase());
  }
  return out;
}

export const identifierTooLong: LintRule = {
  code: 'RT306',
  name: 'identifier-too-long',
  severity: 'error',
  summary:
    'PostgreSQL silently truncates names longer than 63 bytes, so two long names can collide.',
  example: {
    bad: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS grant_applications_generated_by_ai_model_version_and_created_at_idx ON grant_applications (model_version, created_at)',
    good: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS grant_applications_model_created_idx ON grant_applications (model_version, created_at)',
  },
  check(ctx) {
    if (!DDL.has(ctx.kind)) return [];
    // Cheap pre-check: no run of 64 name characters and no quoted name, no long identifier.
    const sql = ctx.statement.sql;
    if (!sql.includes('"') && !/[\w$\u0080-\uffff]{64}/.test(sql)) return [];
    return [...new Set(identifiers(ctx.statement.sql))]
      .filter((name) => byteLength(name) > 63)
      .map((name) => ({
        message: `Name ${name} is ${byteLength(name)} bytes; PostgreSQL keeps only the first 63.`,
        impact: `PostgreSQL truncates it to ${name.slice(0, 63)} with only a NOTICE: later migrations naming the full identifier miss it, and two names sharing the first 63 bytes collide.`,
        safeAlternative:
          'Choose a name of at most 63 bytes (abbreviate the column list in index and constraint names).',
      }));
  },
};
