/** An index of a materialized view. */
export interface ViewIndexModel {
  readonly name: string;
  /** `CREATE [UNIQUE] INDEX …` as `pg_get_indexdef` prints it once normalised. */
  readonly definition: string;
  /** COMMENT ON INDEX; absent when none. */
  readonly comment?: string | undefined;
}

/** A view or a materialized view. */
export interface ViewModel {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** The query, as `pg_get_viewdef(oid, true)` prints it once normalised. */
  readonly query: string;
  /**
   * The tables and views it reads, as `schema.name` keys (`public` left out): from the catalog
   * (pg_depend through pg_rewrite) when introspected; empty in a declaration, whose references
   * are found in the query text instead.
   */
  readonly dependsOn: readonly string[];
  /** Indexes of a materialized view, by name. */
  readonly indexes: readonly ViewIndexModel[];
  /** COMMENT ON …; absent when none. */
  readonly comment?: string | undefined;
}
