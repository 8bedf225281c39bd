import { describe, expect, test } from 'vitest';
import { renderLint, type LintFormat } from '../../src/cli/render-lint.js';
import { styler } from '../../src/cli/output.js';
import type { LintResult } from '../../src/commands/lint.js';
import { lintSql } from './lint-sql.js';

/** A fixed migration with an error, a warning, an info and a suppressed finding. */
const SQL = `-- a hand-written migration
CREATE INDEX grants_user_id_idx ON grants (user_id);
ALTER TABLE grants ADD COLUMN created timestamp;
-- retort-ignore ban-drop-column: no reader since release 4.2
ALTER TABLE grants DROP COLUMN legacy_user_id;
ALTER TYPE grant_status ADD VALUE 'paused';
`;

async function result(): Promise<LintResult> {
  const diagnostics = await lintSql(SQL, {
    revision: 'e4f7a9b2c3d1',
    file: 'migrations/e4f7a9b2c3d1_add_users.sql',
  });
  const summary = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) summary[d.severity]++;
  return { range: undefined, targetVersion: 12, revisions: 1, statements: 4, summary, diagnostics };
}

describe('lint output (golden files)', () => {
  for (const format of ['text', 'json', 'compact', 'github'] as LintFormat[]) {
    test(format, async () => {
      await expect(renderLint(await result(), format)).toMatchFileSnapshot(
        `golden/lint.${format}.txt`,
      );
    });
  }

  test('text with color (a TTY without NO_COLOR)', async () => {
    await expect(renderLint(await result(), 'text', styler(true))).toMatchFileSnapshot(
      'golden/lint.text-color.txt',
    );
  });

  test('compact is one `file:line:col: severity code message` line per finding', async () => {
    const lines = renderLint(await result(), 'compact').split('\n');
    expect(lines).toHaveLength((await result()).diagnostics.length);
    for (const line of lines) expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning|info) RT\d{3} /);
  });

  test('no findings says so', async () => {
    const empty: LintResult = {
      range: undefined,
      targetVersion: 12,
      revisions: 3,
      statements: 9,
      summary: { error: 0, warning: 0, info: 0 },
      diagnostics: [],
    };
    expect(renderLint(empty, 'text')).toBe(
      'No findings (3 revisions, 9 statements, PostgreSQL 12+).',
    );
    expect(renderLint(empty, 'compact')).toBe('');
  });
});
