import type { OperationKind, OperationOf } from '../../ops/operations.js';
import type { Statement } from '../statement.js';

/** What a renderer may need beyond the operation itself. */
export interface RenderContext {
  /** Migration file, for statement sources. */
  readonly file?: string | undefined;
  /**
   * Splits and classifies raw SQL (`op.execute`) into Statements, e.g. `sqlToStatements` from
   * src/parser once the parser is loaded. Without it the text is one statement, transactional
   * unless `execute`'s `transactional: false` says otherwise.
   */
  readonly splitSql?: ((text: string) => Statement[]) | undefined;
}

/** Renders one kind of operation to statements (without source and lintIgnore: the dispatcher adds those). */
export type Renderer<K extends OperationKind> = (
  op: OperationOf<K>,
  context: RenderContext,
) => Statement[];

/** A statement that runs inside the migration's transaction. */
export function inTransaction(sql: string): Statement {
  return { sql, transactional: true };
}
