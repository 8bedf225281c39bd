/*
 * Functions, procedures and triggers in the schema model. Their definitions are compared as the
 * catalog prints them (pg_get_functiondef, pg_get_triggerdef): a declaration is normalised by a
 * round trip through a scratch database, so both sides read the same spelling.
 */

/** A function or procedure; identity = schema + name + argument types. */
export interface RoutineModel {
  readonly schema: string;
  readonly name: string;
  /** `function` or `procedure`. */
  readonly kind: 'function' | 'procedure';
  /** The identity argument types, as `pg_get_function_identity_arguments` prints them. */
  readonly args: string;
  /** The argument list with names and defaults (`pg_get_function_arguments`). */
  readonly arguments: string;
  /** The result (`pg_get_function_result`); absent for a procedure. */
  readonly result?: string | undefined;
  /** The whole `CREATE OR REPLACE FUNCTION …` statement (`pg_get_functiondef` once normalised). */
  readonly definition: string;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}

/** A trigger on a table. */
export interface TriggerModel {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `CREATE TRIGGER …` as `pg_get_triggerdef` prints it once normalised. */
  readonly definition: string;
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}

/** `schema.name(args)`: a routine's identity, as a map key and in messages (`public` left out). */
export function routineKey(r: Pick<RoutineModel, 'schema' | 'name' | 'args'>): string {
  return `${r.schema === 'public' ? '' : `${r.schema}.`}${r.name}(${r.args})`;
}
