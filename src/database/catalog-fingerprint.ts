import { createHash } from 'node:crypto';
import type { SchemaModel } from '../core/model/schema-model.js';
import type { DatabaseClient } from './client.js';
import { unmanagedQuery } from '../core/introspection/catalog-queries.js';
import { introspectDatabase } from './introspect.js';

/** A database's schema at one moment, for comparison. */
export interface CatalogSnapshot {
  readonly model: SchemaModel;
  /**
   * Objects the model does not describe, one sorted line each (`rule public.r on t`): the rows of
   * `check`'s unmanaged query, so an object the model covers is reported once, by the model's
   * diff, and one it does not is never missed.
   */
  readonly extras: readonly string[];
  /** sha256 of both: equal fingerprints, equal schemas. */
  readonly fingerprint: string;
}

/**
 * Reads a database's schema (introspection plus the objects it does not model, as `check`
 * reports them unmanaged), the version tables left out.
 *
 * @example
 * const before = await catalogSnapshot(db, { schema: 'public', table: 'retort_version' });
 */
export async function catalogSnapshot(
  db: DatabaseClient,
  versionTable: { readonly schema: string; readonly table: string },
): Promise<CatalogSnapshot> {
  const model = await introspectDatabase(db, {
    versionTable: versionTable.table,
    versionTableSchema: versionTable.schema,
  });
  const rows = await db.query<{ kind: string; schema: string | null; name: string }>(
    unmanagedQuery,
  );
  const extras = rows.rows.map((r) =>
    r.schema === null ? `${r.kind} ${r.name}` : `${r.kind} ${r.schema}.${r.name}`,
  );
  const fingerprint = createHash('sha256').update(JSON.stringify({ model, extras })).digest('hex');
  return { model, extras, fingerprint };
}
