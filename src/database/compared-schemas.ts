import type { DatabaseClient } from './client.js';

/**
 * The schemas read from a database by `check`, `revision --autogenerate --from-db` and `pull`:
 * `public`, the declared ones, and every other non-system schema (not owned by an extension)
 * unless excluded (`excludeSchemas` in the config, `check --exclude`) — a declared schema is
 * compared even when excluded. The version table's own schema is left out unless it is `public`
 * or declared. So a schema removed from the declaration is a difference, never ignored.
 *
 * @example
 * await comparedSchemas(db, { declared: ['audit'], exclude: ['auth'], versionTableSchema: 'public' });
 * // ['public', 'audit', 'billing']
 */
export async function comparedSchemas(
  db: DatabaseClient,
  options: {
    readonly declared: readonly string[];
    readonly exclude: readonly string[];
    readonly versionTableSchema: string;
  },
): Promise<string[]> {
  const { schemasQuery } = await import('../core/introspection/catalog-queries.js');
  const excluded = new Set(options.exclude);
  if (options.versionTableSchema !== 'public') excluded.add(options.versionTableSchema);
  const out = new Set(['public', ...options.declared]);
  const rows = await db.query<{ name: string }>(schemasQuery, [
    options.versionTableSchema,
    'retort_version',
  ]);
  for (const { name } of rows.rows) if (!excluded.has(name)) out.add(name);
  return [...out];
}
