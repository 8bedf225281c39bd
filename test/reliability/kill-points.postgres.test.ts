import { expect, it } from 'vitest';
import {
  KILL_STATEMENTS,
  runKillPoint,
  writeKillProject,
  // @ts-expect-error -- plain JavaScript shared with the reliability bench
} from '../../bench/reliability/kill-points.js';
import { BIN, runCli } from '../support/cli.js';
import { describePostgres, freshDatabases } from '../support/postgres.js';

interface KillStatement {
  name: string;
}
interface KillResult {
  caught: boolean;
  consistentProblems: string[];
  onceProblems: string[];
  recovery: { exit: number; steps: { flags: string; exit: number; code?: string }[] };
}
type Run = (o: {
  dir: string;
  url: string;
  bin: string;
  statement: KillStatement;
  method: string;
  run?: (
    args: string[],
    dir: string,
    env: Record<string, string | undefined>,
  ) => Promise<{ status: number; stderr: string }>;
}) => Promise<KillResult>;
const statements = KILL_STATEMENTS as KillStatement[];
const run = runKillPoint as Run;

// A bounded subset of `npm run bench -- reliability`: the kill points where a statement could be
// applied twice (DML outside a transaction, an index build, an enum value), each killed once.
// The bench runs the recovery through the binary too.
// No timing assertions; the harness waits for pg_stat_activity, not for fixed delays.
const POINTS: [string, string][] = [
  ['r2 INSERT non-transactional', 'SIGKILL'],
  ['r2 CREATE INDEX CONCURRENTLY', 'SIGKILL'],
  ['r2 ALTER TYPE ADD VALUE', 'pg_terminate_backend'],
  ['r1 INSERT unit 2 (after commit)', 'SIGTERM'],
];

describePostgres('kill points: no statement applied twice', (adminUrl) => {
  const fresh = freshDatabases(adminUrl);
  const dir = writeKillProject() as string;
  for (const [name, method] of POINTS) {
    it(
      `${method} while ${name} runs: state consistent, recovery applies each statement once`,
      {
        timeout: 600_000,
      },
      async () => {
        const statement = statements.find((s) => s.name === name)!;
        const r = await run({
          dir,
          url: await fresh(),
          bin: BIN,
          statement,
          method,
          // The killed run is a process (it must die); the recovery commands run in process.
          run: async (args, cwd, env) => {
            const done = await runCli(args, { cwd, env });
            return { status: done.code, stderr: done.stderr };
          },
        });
        expect(r.caught).toBe(true);
        expect(r.consistentProblems).toEqual([]);
        expect(r.recovery.exit).toBe(0);
        expect(r.onceProblems).toEqual([]);
      },
    );
  }
});
