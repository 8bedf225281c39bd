import { createOpRecorder } from '../../src/core/ops/op-recorder.js';
import type { Op } from '../../src/core/ops/op.js';
import { sql } from '../../src/core/ops/sql-expression.js';
import type { DatabaseClient } from '../../src/database/client.js';

/** Runs generated op code the way a revision file would, and applies its statements. */
export async function runGenerated(db: DatabaseClient, code: string): Promise<void> {
  const recorder = createOpRecorder();
  const body = new Function('op', 'sql', code) as (op: Op, s: typeof sql) => void;
  body(recorder.op, sql);
  for (const statement of recorder.take()) await db.exec(statement.sql);
}
