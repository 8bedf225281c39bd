import { describe, expect, it } from 'vitest';
import { testProject } from './projects.js';
import { testCommandSuite } from './test-command-suite.js';

describe('retort test on the embedded database', () => {
  testCommandSuite(() => undefined);
});

describe('retort test, the CLI', () => {
  it('refuses a --database that is not a server URL (exit 2)', async () => {
    const run = await testProject('good').run('test', '--database', 'mysql://x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[TEST_DATABASE_URL]');
  });
});
