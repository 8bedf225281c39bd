import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/changes/change.js';
import { describeChange } from '../../src/core/changes/describe-change.js';
import { reverseChanges } from '../../src/core/changes/reverse-change.js';
import { declarationToModel } from '../../src/core/declaration/declaration-to-model.js';
import { diffSchemas } from '../../src/core/diff/diff-schemas.js';
import { viewShape } from '../../src/core/diff/diff-routines.js';
import { emptySchemaModel } from '../../src/core/model/schema-model.js';
import { defineSchema, enumType, integer, sql, table, view } from '../../src/index.js';
import { routinesDeclaration } from './corpus-routines.js';

/* The order of routine changes is computed from what each object uses (no database needed). */
describe('diff of functions, triggers, views and policies', () => {
  const v1 = declarationToModel(routinesDeclaration(1));
  const v2 = declarationToModel(routinesDeclaration(2));
  const at = (changes: Change[], text: string): number => {
    const i = changes.map(describeChange).indexOf(text);
    expect(i, text).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('creates functions before tables, SQL functions reading tables after them, views in dependency order, triggers and policies last', () => {
    const up = diffSchemas(emptySchemaModel, v1);
    expect(at(up, 'add function current_org_id()')).toBeLessThan(at(up, 'add table orgs'));
    expect(at(up, 'add function set_updated_at()')).toBeLessThan(at(up, 'add table orgs'));
    expect(at(up, 'add function project_count(org uuid)')).toBeGreaterThan(
      at(up, 'add table projects'),
    );
    expect(at(up, 'add view active_projects')).toBeLessThan(
      at(up, 'add view active_project_names'),
    );
    expect(at(up, 'add view active_projects')).toBeGreaterThan(at(up, 'add table projects'));
    expect(at(up, 'add trigger projects_set_updated_at on projects')).toBeGreaterThan(
      at(up, 'add view active_project_names'),
    );
    expect(at(up, 'add policy projects_tenant on projects')).toBeGreaterThan(
      at(up, 'add table projects'),
    );
    // The downgrade drops in the reverse order: policies and triggers, views, tables, functions.
    const down = reverseChanges(up);
    expect(at(down, 'drop view active_project_names')).toBeLessThan(
      at(down, 'drop view active_projects'),
    );
    expect(at(down, 'drop table projects')).toBeLessThan(
      at(down, 'drop function set_updated_at()'),
    );
  });

  it('drops and recreates the views over a column whose type changes, around the change', () => {
    const up = diffSchemas(v1, v2);
    const alter = up.findIndex((c) => c.kind === 'AlterColumnType');
    expect(at(up, 'drop view active_project_names')).toBeLessThan(alter);
    expect(at(up, 'drop view active_projects')).toBeLessThan(alter);
    expect(at(up, 'add view active_projects')).toBeGreaterThan(alter);
    expect(at(up, 'add view active_project_names')).toBeGreaterThan(alter);
    // A new body is CREATE OR REPLACE; a new result type is drop + create.
    expect(up.map(describeChange)).toContain('change function set_updated_at()');
    expect(at(up, 'drop function project_count(org uuid)')).toBeLessThan(
      at(up, 'add function project_count(org uuid)'),
    );
  });

  it('drops and recreates a view over a column of an enum that is recreated', () => {
    const declare = (labels: string[]) => {
      const mood = enumType('mood', labels);
      const people = table('people', { id: integer().primaryKey(), mood: mood() });
      const model = declarationToModel(
        defineSchema({
          enums: [mood],
          tables: [people],
          views: [view('moods', sql`SELECT id, mood FROM people`)],
        }),
      );
      // The enum column's type as normalisation spells it.
      const tables = model.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.name === 'mood' ? { ...c, type: 'mood' } : c)),
      }));
      return { ...model, tables };
    };
    const up = diffSchemas(declare(['sad', 'ok']), declare(['ok']));
    const replace = up.findIndex((c) => c.kind === 'ReplaceEnum');
    expect(replace).toBeGreaterThanOrEqual(0);
    expect(at(up, 'drop view moods')).toBeLessThan(replace);
    expect(at(up, 'add view moods')).toBeGreaterThan(replace);
  });

  it('compares view queries without the column qualifiers PostgreSQL 15 prints and 16+ not, and nothing else', () => {
    expect(viewShape('SELECT projects.id,\n    projects.name\n   FROM projects')).toBe(
      viewShape('SELECT id,\n    name\n   FROM projects'),
    );
    expect(viewShape('SELECT id FROM t WHERE x > 1.5')).toBe('SELECT id FROM t WHERE x > 1.5');
    // pg_get_viewdef on PostgreSQL 15 | on PGlite (17): equal views, equal keys.
    const same: [string, string][] = [
      [
        'SELECT a.id FROM a WHERE (a.x IN ( SELECT b.y FROM b))',
        'SELECT id FROM a WHERE (x IN ( SELECT b.y FROM b))',
      ],
      [
        'SELECT a.id, ( SELECT max(b.y) AS max FROM b WHERE b.id = a.id) AS m FROM a',
        'SELECT id, ( SELECT max(b.y) AS max FROM b WHERE b.id = a.id) AS m FROM a',
      ],
      ['SELECT s.id FROM ( SELECT a.id FROM a) s', 'SELECT id FROM ( SELECT a.id FROM a) s'],
      ["SELECT a.id, 'a.b'::text AS lit FROM a", "SELECT id, 'a.b'::text AS lit FROM a"],
      [
        'SELECT e.id, EXTRACT(year FROM e.at) AS y FROM audit.events e',
        'SELECT id, EXTRACT(year FROM at) AS y FROM audit.events e',
      ],
    ];
    for (const [pg15, pg17] of same) expect(viewShape(pg15)).toBe(viewShape(pg17));
    // Different views, different keys.
    const differ: [string, string][] = [
      ['SELECT a.id FROM a JOIN b ON a.id = b.id', 'SELECT b.id FROM a JOIN b ON a.id = b.id'],
      ["SELECT id, 'a.b'::text AS l FROM a", "SELECT id, 'b'::text AS l FROM a"],
      ['SELECT id FROM audit.events', 'SELECT id FROM events'],
      ['SELECT audit.f(id) AS f FROM t', 'SELECT public.f(id) AS f FROM t'],
      [
        'SELECT id, ( SELECT max(b.y) FROM b WHERE b.id = a.id) AS m FROM a, c',
        'SELECT id, ( SELECT max(b.y) FROM b WHERE b.id = c.id) AS m FROM a, c',
      ],
    ];
    for (const [x, y] of differ) expect(viewShape(x)).not.toBe(viewShape(y));
  });
});
