import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

/*
 * With RETORT_TEST_CPU_LOG=<file>, each test file appends one JSON line to <file>: the CPU seconds
 * its worker process spent on it (`cpu`: from this setup file's start, so the file's own imports
 * count; a worker runs several files) and those of the child processes it waited for (`children`:
 * the retort binary, psql…; Linux only). CPU time, unlike wall time, barely depends on what else
 * the machine runs: the per-file budget in README's Development section is checked with it. The
 * PostgreSQL server's own work is not counted.
 */
const log = process.env['RETORT_TEST_CPU_LOG'];

/** CPU seconds of the child processes this process waited for (utime + stime of reaped children). */
function childrenSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from field 3 here; clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

if (log) {
  let file = '';
  let started = 0;
  // Taken when this setup file runs, before the test file's imports: a worker that runs several
  // files (isolate: false) counts each file's own share.
  const cpuAtStart = process.cpuUsage();
  const childrenAtStart = childrenSeconds();
  beforeAll(() => {
    file = relative(process.cwd(), expect.getState().testPath ?? '');
    started = performance.now();
  });
  afterAll(() => {
    const cpu = process.cpuUsage(cpuAtStart);
    appendFileSync(
      log,
      `${JSON.stringify({
        file,
        cpu: Math.round((cpu.user + cpu.system) / 10_000) / 100,
        children: Math.round((childrenSeconds() - childrenAtStart) * 100) / 100,
        wall: Math.round(performance.now() - started) / 1000,
        pid: process.pid,
      })}\n`,
    );
  });
}
