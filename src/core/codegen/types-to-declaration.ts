import type { SchemaModel } from '../model/schema-model.js';
import type { GrantModel } from '../model/types.js';
import { tsDefault, tsList, tsObject, tsSql, tsString } from './ts-literal.js';

/*
 * `retort pull` for collations, domains, composite types and grants: the declaration source of
 * each, for model-to-declaration.ts to place before the tables.
 */

/** What the pulled declaration needs from this file. */
export interface TypeDeclarationSource {
  /** `export const …` lines: collations, then domains, then composite types. */
  readonly lines: readonly string[];
  /** The builder call for a column of a domain or composite type, or undefined. */
  custom(type: string): string | undefined;
  /** `defineSchema` entries (`collations`, `domains`, `compositeTypes`, `grants`). */
  readonly entries: readonly (readonly [string, string | undefined])[];
  /** Builder functions the lines call. */
  readonly imports: readonly string[];
}

const quote = (s: string): string =>
  /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`;

/** The spellings `format_type` may give a type named `schema.name` (`[]` suffix apart). */
function typeSpellings(schema: string, name: string): string[] {
  return [quote(name), `${quote(schema)}.${quote(name)}`];
}

/**
 * The declaration source of the model's collations, domains, composite types and grants.
 * `identifier` makes a unique variable name; `typeCall` spells a column type as a builder call.
 */
export function typeDeclarations(
  model: SchemaModel,
  identifier: (text: string) => string,
  typeCall: (type: string) => string,
): TypeDeclarationSource {
  const lines: string[] = [];
  const imports = new Set<string>();
  const byType = new Map<string, string>();
  const variable = (schema: string, name: string): string =>
    identifier(`${schema === 'public' ? '' : `${schema}_`}${name}`);
  const schemaOption = (schema: string): string | undefined =>
    schema === 'public' ? undefined : tsString(schema);
  const custom = (type: string): string | undefined => {
    const array = type.endsWith('[]');
    const call = byType.get(array ? type.slice(0, -2) : type);
    return call === undefined ? undefined : `${call}()${array ? '.array()' : ''}`;
  };
  const withCustom = (type: string): string => custom(type) ?? typeCall(type);

  const collations: string[] = [];
  for (const c of model.collations) {
    const name = variable(c.schema, c.name);
    collations.push(name);
    imports.add('collation');
    lines.push(
      `export const ${name} = collation(${tsString(c.name)}, ${tsObject([
        ['schema', schemaOption(c.schema)],
        ['provider', c.provider === 'libc' ? undefined : tsString(c.provider)],
        ['locale', c.locale === undefined ? undefined : tsString(c.locale)],
        ['lcCollate', c.lcCollate === undefined ? undefined : tsString(c.lcCollate)],
        ['lcCtype', c.lcCtype === undefined ? undefined : tsString(c.lcCtype)],
        ['deterministic', c.deterministic ? undefined : 'false'],
        ['comment', c.comment === undefined ? undefined : tsString(c.comment)],
      ])});`,
    );
  }
  const domains: string[] = [];
  for (const d of model.domains) {
    const name = variable(d.schema, d.name);
    domains.push(name);
    imports.add('domainType');
    const checks = d.checks.map((c) => [c.name ?? '', tsSql(c.expression)] as const);
    lines.push(
      `export const ${name} = domainType(${tsString(d.name)}, ${withCustom(d.type)}, ${tsObject([
        ['schema', schemaOption(d.schema)],
        ['notNull', d.notNull ? 'true' : undefined],
        ['default', d.default === undefined ? undefined : tsDefault(d.default, d.type)],
        ['collate', d.collation === undefined ? undefined : tsString(d.collation)],
        ['checks', checks.length === 0 ? undefined : tsObject(checks)],
        ['comment', d.comment === undefined ? undefined : tsString(d.comment)],
      ])});`,
    );
    for (const spelling of typeSpellings(d.schema, d.name)) byType.set(spelling, name);
  }
  const composites: string[] = [];
  for (const t of model.compositeTypes) {
    const name = variable(t.schema, t.name);
    composites.push(name);
    imports.add('compositeType');
    const attributes = t.attributes.map(
      (a) =>
        [
          a.name,
          withCustom(a.type) +
            (a.collation === undefined ? '' : `.collate(${tsString(a.collation)})`),
        ] as const,
    );
    const options = tsObject([
      ['schema', schemaOption(t.schema)],
      ['comment', t.comment === undefined ? undefined : tsString(t.comment)],
    ]);
    lines.push(
      `export const ${name} = compositeType(${tsString(t.name)}, ${tsObject(attributes)}${options === '{}' ? '' : `, ${options}`});`,
    );
    for (const spelling of typeSpellings(t.schema, t.name)) byType.set(spelling, name);
  }
  if (model.grants.length > 0) imports.add('grant');
  const list = (names: string[]): string | undefined =>
    names.length === 0 ? undefined : `[${names.join(', ')}]`;
  return {
    lines,
    custom,
    imports: [...imports],
    entries: [
      ['collations', list(collations)],
      ['domains', list(domains)],
      ['compositeTypes', list(composites)],
      ['grants', model.grants.length === 0 ? undefined : grantsSource(model.grants)],
    ],
  };
}

/** `grant([...], { on, schema, name, to })` calls, one per object, role and grant option. */
function grantsSource(grants: readonly GrantModel[]): string {
  const groups = new Map<string, { grant: GrantModel; privileges: string[] }>();
  for (const g of grants) {
    const key = JSON.stringify([g.objectType, g.schema, g.name, g.grantee, g.withGrantOption]);
    const group = groups.get(key) ?? { grant: g, privileges: [] };
    group.privileges.push(g.privilege);
    groups.set(key, group);
  }
  const calls = [...groups.values()].map(
    ({ grant: g, privileges }) =>
      `grant(${tsList(privileges)}, ${tsObject([
        ['on', tsString(g.objectType)],
        [
          'schema',
          g.objectType === 'schema' || g.schema === 'public' ? undefined : tsString(g.schema),
        ],
        ['name', tsString(g.name)],
        ['to', tsString(g.grantee)],
        ['withGrantOption', g.withGrantOption ? 'true' : undefined],
      ])})`,
  );
  return `[\n    ${calls.join(',\n    ')},\n  ]`;
}
