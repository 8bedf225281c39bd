import type { Change, EnumColumn } from '../changes/change.js';
import { enumOfType } from '../model/enum-of-type.js';
import type {
  ColumnModel,
  EnumModel,
  ExclusionModel,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from '../model/schema-model.js';
import { qualifiedKey } from '../model/schema-model.js';
import { diffColumnCollation, diffTypes } from './diff-types.js';
import { diffRoutines } from './diff-routines.js';
import { schemasAfterTheirObjects } from './drop-order.js';
import { diffPartitions, partitionKeys, repartitioned } from './diff-partitions.js';
import { diffComments, diffTableComments } from './diff-comments.js';
import { mergeRenames, renameHints, type RenameDecisions } from './rename-decisions.js';

export interface DiffOptions {
  /** Renames decided up front; the `to` model's `renamedFrom` hints are added to them. */
  readonly renames?: RenameDecisions;
}

/** The phases of a migration, in the order they must run. */
interface Phases {
  prerequisites: Change[];
  removeRoutineDependents: Change[];
  removeDependents: Change[];
  renames: Change[];
  tables: Change[];
  columns: Change[];
  dropColumns: Change[];
  dropTables: Change[];
  addDependents: Change[];
  addForeignKeys: Change[];
  addViews: Change[];
  addRoutineDependents: Change[];
  comments: Change[];
  dropRoutines: Change[];
  dropPrerequisites: Change[];
}

/**
 * The ordered changes that turn `from` into `to`: schemas, extensions, enums and sequences
 * first; then removal of constraints and indexes that go; renames; tables and columns; drops;
 * new constraints, indexes and foreign keys (after every table they point at); comments; and last
 * the drop of types, sequences, extensions and schemas nothing uses any more. Pure.
 *
 * @example
 * const changes = diffSchemas(introspectedHead, normalisedDeclaration, { renames: { tables: { people: 'users' } } });
 * const downgrade = reverseChanges(changes);
 */
export function diffSchemas(
  from: SchemaModel,
  to: SchemaModel,
  options: DiffOptions = {},
): Change[] {
  const renames = mergeRenames(renameHints(to), options.renames);
  const p: Phases = {
    prerequisites: [],
    removeRoutineDependents: [],
    removeDependents: [],
    renames: [],
    tables: [],
    columns: [],
    dropColumns: [],
    dropTables: [],
    addDependents: [],
    addForeignKeys: [],
    addViews: [],
    addRoutineDependents: [],
    comments: [],
    dropRoutines: [],
    dropPrerequisites: [],
  };

  const toSchemas = new Set(to.schemas);
  const fromSchemas = new Set(from.schemas);
  for (const s of to.schemas)
    if (!fromSchemas.has(s)) p.prerequisites.push({ kind: 'CreateSchema', schema: s });
  for (const s of [...from.schemas].reverse())
    if (!toSchemas.has(s)) p.dropPrerequisites.push({ kind: 'DropSchema', schema: s });

  const toExt = new Set(to.extensions.map((e) => e.name));
  const fromExt = new Set(from.extensions.map((e) => e.name));
  for (const e of to.extensions)
    if (!fromExt.has(e.name)) p.prerequisites.push({ kind: 'CreateExtension', extension: e });

  diffEnums(from, to, p);
  diffSequences(from.sequences, to.sequences, p);
  diffTypes(from, to, p);

  const fromTables = new Map(from.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const matched = new Set<string>();
  // Tables whose partition key changed: dropped (with their partitions) and created again.
  const recreated = new Set<string>();
  for (const table of dependencyOrder(to.tables)) {
    const key = qualifiedKey(table.schema, table.name);
    let old = fromTables.get(key);
    if (old && repartitioned(old, table)) {
      recreated.add(key);
      old = undefined;
    }
    if (!old) {
      // Within the schema, or from the schema the declaration says the table moved from.
      const oldKey = Object.entries(renames.tables ?? {}).find(
        ([oldK, newName]) =>
          newName === table.name &&
          fromTables.has(oldK) &&
          fromTables.get(oldK)!.schema === (table.renamedFromSchema ?? table.schema),
      )?.[0];
      if (
        oldKey !== undefined &&
        !to.tables.some((t) => qualifiedKey(t.schema, t.name) === oldKey)
      ) {
        old = fromTables.get(oldKey)!;
        if (old.schema !== table.schema)
          p.renames.push({
            kind: 'SetTableSchema',
            schema: old.schema,
            table: old.name,
            to: table.schema,
          });
        if (old.name !== table.name)
          p.renames.push({
            kind: 'RenameTable',
            schema: table.schema,
            table: old.name,
            from: old.name,
            to: table.name,
          });
      }
    }
    if (old) {
      matched.add(qualifiedKey(old.schema, old.name));
      diffTable(old, table, renames, p);
    } else {
      p.tables.push({ kind: 'CreateTable', table: { ...table, foreignKeys: [], indexes: [] } });
      for (const index of table.indexes)
        p.addDependents.push({
          kind: 'CreateIndex',
          schema: table.schema,
          table: table.name,
          index,
        });
      for (const exclusion of table.exclusions ?? [])
        p.addDependents.push({ kind: 'AddExclusion', ...tableRef(table), exclusion });
      for (const foreignKey of table.foreignKeys)
        p.addForeignKeys.push({
          kind: 'AddForeignKey',
          schema: table.schema,
          table: table.name,
          foreignKey,
        });
    }
  }
  diffPartitions(from, to, p, recreated);
  const dropped = dependencyOrder(from.tables).filter(
    (t) => !matched.has(qualifiedKey(t.schema, t.name)),
  );
  for (const table of dropped) {
    for (const foreignKey of table.foreignKeys)
      p.removeDependents.push({
        kind: 'DropForeignKey',
        schema: table.schema,
        table: table.name,
        foreignKey,
      });
    for (const exclusion of table.exclusions ?? [])
      p.removeDependents.push({ kind: 'DropExclusion', ...tableRef(table), exclusion });
    for (const index of table.indexes)
      p.removeDependents.push({
        kind: 'DropIndex',
        schema: table.schema,
        table: table.name,
        index,
      });
  }
  // Dropped early when its name is taken again: by the table recreated, or by a partition.
  const early = new Set([...recreated, ...partitionKeys(to)]);
  for (const table of [...dropped].reverse())
    (early.has(qualifiedKey(table.schema, table.name)) ? p.removeDependents : p.dropTables).push({
      kind: 'DropTable',
      table: { ...table, foreignKeys: [], indexes: [] },
    });

  for (const e of [...from.extensions].reverse())
    if (!toExt.has(e.name)) p.dropPrerequisites.push({ kind: 'DropExtension', extension: e });

  diffRoutines(from, to, p);
  diffComments(from, to, p);
  // Foreign keys are removed before anything else so that drops never trip over them.
  const fkFirst = (c: Change): number => (c.kind === 'DropForeignKey' ? 0 : 1);
  p.removeDependents.sort((a, b) => fkFirst(a) - fkFirst(b));
  return [
    ...p.prerequisites,
    ...p.removeRoutineDependents,
    ...p.removeDependents,
    ...p.renames,
    ...p.tables,
    ...p.columns,
    ...p.dropColumns,
    ...p.dropTables,
    ...p.addDependents,
    ...p.addForeignKeys,
    ...p.addViews,
    ...p.addRoutineDependents,
    ...p.comments,
    ...p.dropRoutines,
    ...schemasAfterTheirObjects(p.dropPrerequisites),
  ];
}

/**
 * Tables with every table they reference before them (name order otherwise; a cycle is broken
 * at the first table met), so creates read top-down and drops, reversed, never trip.
 */
export function dependencyOrder(tables: readonly TableModel[]): TableModel[] {
  const byKey = new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableModel[] = [];
  const visit = (table: TableModel): void => {
    const key = qualifiedKey(table.schema, table.name);
    if (done.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const fk of table.foreignKeys) {
      const target = byKey.get(qualifiedKey(fk.refSchema, fk.refTable));
      if (target) visit(target);
    }
    visiting.delete(key);
    done.add(key);
    out.push(table);
  };
  for (const table of tables) visit(table);
  return out;
}

function diffEnums(from: SchemaModel, to: SchemaModel, p: Phases): void {
  const key = (e: EnumModel): string => qualifiedKey(e.schema, e.name);
  const fromEnums = new Map(from.enums.map((e) => [key(e), e]));
  const toKeys = new Set(to.enums.map(key));
  for (const e of to.enums) {
    let old = fromEnums.get(key(e));
    // Renamed labels first (RENAME VALUE keeps the rows), then the rest compares as usual.
    const renamed = Object.entries(e.renamedValues ?? {}).filter(
      ([from, to]) => old?.values.includes(from) === true && !old.values.includes(to),
    );
    if (old && renamed.length > 0) {
      for (const [from, to] of renamed)
        p.prerequisites.push({ kind: 'RenameEnumValue', enum: withoutEnumHints(e), from, to });
      const map = new Map(renamed);
      old = { ...old, values: old.values.map((v) => map.get(v) ?? v) };
    }
    if (!old) {
      p.prerequisites.push({ kind: 'CreateEnum', enum: withoutEnumHints(e) });
    } else if (old.values.join('\u0000') !== e.values.join('\u0000')) {
      if (isSubsequence(old.values, e.values)) {
        p.prerequisites.push({
          kind: 'AddEnumValues',
          from: old,
          to: e,
          columns: enumColumns(from, old),
        });
      } else {
        p.columns.push({ kind: 'ReplaceEnum', from: old, to: e, columns: enumColumns(to, e) });
      }
    }
  }
  for (const e of [...from.enums].reverse())
    if (!toKeys.has(key(e))) p.dropPrerequisites.push({ kind: 'DropEnum', enum: e });
}

/** The columns of `model` whose type is the enum `e` or an array of it. */
function enumColumns(model: SchemaModel, e: EnumModel): EnumColumn[] {
  return model.tables.flatMap((t) =>
    t.columns.flatMap((c) => {
      const found = enumOfType(c.type, [e]);
      if (found === undefined) return [];
      return [
        {
          schema: t.schema,
          table: t.name,
          column: c.name,
          default: c.default,
          ...(found.array ? { array: true } : {}),
        },
      ];
    }),
  );
}

function withoutEnumHints(e: EnumModel): EnumModel {
  const { renamedValues: _r, ...rest } = e;
  return rest;
}

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let i = 0;
  for (const v of big) if (v === small[i]) i++;
  return i === small.length;
}

function diffSequences(
  from: readonly SequenceModel[],
  to: readonly SequenceModel[],
  p: Phases,
): void {
  const key = (s: SequenceModel): string => qualifiedKey(s.schema, s.name);
  const fromMap = new Map(from.map((s) => [key(s), s]));
  const toKeys = new Set(to.map(key));
  for (const s of to) {
    const old = fromMap.get(key(s));
    if (!old) p.prerequisites.push({ kind: 'CreateSequence', sequence: withoutOwner(s) });
    else if (
      JSON.stringify({ ...withoutOwner(old), comment: undefined }) !==
      JSON.stringify({ ...withoutOwner(s), comment: undefined })
    )
      p.prerequisites.push({ kind: 'AlterSequence', from: withoutOwner(old), to: withoutOwner(s) });
    // OWNED BY names a table: taken off before tables change, set after they exist.
    if (JSON.stringify(old?.ownedBy ?? null) !== JSON.stringify(s.ownedBy ?? null)) {
      if (old?.ownedBy !== undefined)
        p.removeDependents.push({
          kind: 'SetSequenceOwner',
          sequence: withoutOwner(s),
          from: old.ownedBy,
          to: undefined,
        });
      if (s.ownedBy !== undefined)
        p.addDependents.push({
          kind: 'SetSequenceOwner',
          sequence: withoutOwner(s),
          from: undefined,
          to: s.ownedBy,
        });
    }
  }
  for (const s of [...from].reverse())
    if (!toKeys.has(key(s))) {
      if (s.ownedBy !== undefined)
        p.removeDependents.push({
          kind: 'SetSequenceOwner',
          sequence: withoutOwner(s),
          from: s.ownedBy,
          to: undefined,
        });
      p.dropPrerequisites.push({ kind: 'DropSequence', sequence: withoutOwner(s) });
    }
}

/** A sequence without its OWNED BY, which the diff handles on its own. */
function withoutOwner(s: SequenceModel): SequenceModel {
  const { ownedBy: _o, ...rest } = s;
  return rest;
}

function diffTable(old: TableModel, table: TableModel, renames: RenameDecisions, p: Phases): void {
  const ref = { schema: table.schema, table: table.name };
  // Removals run before renames and moves (diffSchemas' phases): they name the table as it was.
  const oldRef = { schema: old.schema, table: old.name };
  const key = qualifiedKey(table.schema, table.name);
  const oldColumns = new Map(old.columns.map((c) => [c.name, c]));
  const matched = new Set<string>();
  for (const column of table.columns) {
    let before = oldColumns.get(column.name);
    if (!before) {
      const oldName = Object.entries(renames.columns ?? {})
        .find(
          ([k, v]) =>
            v === column.name && k.startsWith(`${key}.`) && oldColumns.has(k.slice(key.length + 1)),
        )?.[0]
        ?.slice(key.length + 1);
      if (oldName !== undefined && !table.columns.some((c) => c.name === oldName)) {
        before = oldColumns.get(oldName)!;
        p.renames.push({ kind: 'RenameColumn', ...ref, from: oldName, to: column.name });
      }
    }
    if (!before) {
      p.columns.push({ kind: 'AddColumn', ...ref, column: withoutHints(column) });
      continue;
    }
    matched.add(before.name);
    diffColumn(before, column, ref, p);
  }
  for (const column of [...old.columns].reverse())
    if (!matched.has(column.name)) p.dropColumns.push({ kind: 'DropColumn', ...ref, column });

  // Primary key: the same columns under another name (e.g. `people_pkey` kept across a table
  // rename) is a RENAME CONSTRAINT, not a rebuild.
  const samePk =
    old.primaryKey?.columns.join(',') === table.primaryKey?.columns.join(',') &&
    deferralShape(old.primaryKey) === deferralShape(table.primaryKey);
  const oldPkName = old.primaryKey?.name;
  const newPkName = table.primaryKey?.name;
  if (samePk && oldPkName !== undefined && newPkName !== undefined && oldPkName !== newPkName)
    p.renames.push({ kind: 'RenameConstraint', ...ref, from: oldPkName, to: newPkName });
  if (!samePk) {
    if (old.primaryKey)
      p.removeDependents.push({ kind: 'DropPrimaryKey', ...oldRef, primaryKey: old.primaryKey });
    if (table.primaryKey)
      p.addDependents.push({ kind: 'AddPrimaryKey', ...ref, primaryKey: table.primaryKey });
  }
  const pairs = <T extends { readonly name?: string | undefined }>(
    before: readonly T[],
    after: readonly T[],
    shape: (item: T) => string,
    drop: (item: T) => Change,
    add: (item: T) => Change,
    addTo: Change[],
  ): void => {
    const remaining = [...before];
    const take = (pred: (item: T) => boolean): T | undefined => {
      const i = remaining.findIndex(pred);
      return i < 0 ? undefined : remaining.splice(i, 1)[0];
    };
    const unmatched: T[] = [];
    for (const item of after) {
      const same = take((b) => b.name === item.name && shape(b) === shape(item));
      if (!same) unmatched.push(item);
    }
    // Same shape under another name (e.g. an implicit name kept across a table rename): equal.
    const added = unmatched.filter((item) => !take((b) => shape(b) === shape(item)));
    for (const item of remaining) p.removeDependents.push(drop(item));
    for (const item of added) addTo.push(add(item));
  };
  pairs(
    old.uniques,
    table.uniques,
    (u) => `${u.columns.join(',')}|${u.nullsNotDistinct ? 1 : 0}|${deferralShape(u)}`,
    (unique) => ({ kind: 'DropUnique', ...oldRef, unique }),
    (unique) => ({ kind: 'AddUnique', ...ref, unique }),
    p.addDependents,
  );
  pairs(
    old.checks,
    table.checks,
    (c) => `${c.expression}|${c.notValid ? 1 : 0}${c.noInherit ? 1 : 0}`,
    (check) => ({ kind: 'DropCheck', ...oldRef, check }),
    (check) => ({ kind: 'AddCheck', ...ref, check }),
    p.addDependents,
  );
  pairs(
    old.indexes,
    table.indexes,
    indexShape,
    (index) => ({ kind: 'DropIndex', ...oldRef, index }),
    (index) => ({ kind: 'CreateIndex', ...ref, index }),
    p.addDependents,
  );
  pairs(
    old.exclusions ?? [],
    table.exclusions ?? [],
    exclusionShape,
    (exclusion) => ({ kind: 'DropExclusion', ...oldRef, exclusion }),
    (exclusion) => ({ kind: 'AddExclusion', ...ref, exclusion }),
    p.addDependents,
  );
  pairs(
    old.foreignKeys,
    table.foreignKeys,
    foreignKeyShape,
    (foreignKey) => ({ kind: 'DropForeignKey', ...oldRef, foreignKey }),
    (foreignKey) => ({ kind: 'AddForeignKey', ...ref, foreignKey }),
    p.addForeignKeys,
  );
  if ((old.comment ?? undefined) !== (table.comment ?? undefined))
    p.comments.push({ kind: 'SetTableComment', ...ref, from: old.comment, to: table.comment });
  if ((old.unlogged ?? false) !== (table.unlogged ?? false))
    p.tables.push({ kind: 'SetTableLogged', ...ref, unlogged: table.unlogged === true });
  if (parametersKey(old.with) !== parametersKey(table.with))
    p.tables.push({ kind: 'SetTableStorage', ...ref, from: old.with, to: table.with });
  diffTableComments(old, table, p);
}

/** `CREATE [UNIQUE] INDEX name ON [ONLY] schema.table ` — what differs between equal indexes. */
const indexPrefix =
  /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|[^\s"]+) ON (?:ONLY )?(?:(?:"(?:[^"]|"")*"|[^\s".]+)\.)?(?:"(?:[^"]|"")*"|[^\s".]+) /;

function indexShape(i: IndexModel): string {
  // The normalised definition also holds operator classes, collations and storage parameters.
  if (i.definition !== undefined && indexPrefix.test(i.definition))
    return `${i.unique}|${i.definition.replace(indexPrefix, '')}`;
  return JSON.stringify([
    i.unique,
    i.method,
    i.keys,
    i.include,
    i.where ?? null,
    i.nullsNotDistinct ?? false,
    parametersKey(i.with),
  ]);
}

/** DEFERRABLE / INITIALLY DEFERRED of a key, as part of its shape. */
function deferralShape(
  key:
    | {
        readonly deferrable?: boolean | undefined;
        readonly initiallyDeferred?: boolean | undefined;
      }
    | undefined,
): string {
  return `${key?.deferrable === true ? 1 : 0}${key?.initiallyDeferred === true ? 1 : 0}`;
}

/** Storage parameters in name order, as a comparison key. */
const parametersKey = (parameters: Readonly<Record<string, string>> | undefined): string =>
  JSON.stringify(Object.entries(parameters ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Where a table is, as a change's TableRef. */
const tableRef = (t: TableModel): { schema: string; table: string } => ({
  schema: t.schema,
  table: t.name,
});

/** An exclusion constraint's normalised definition, or its parts when there is none. */
function exclusionShape(x: ExclusionModel): string {
  if (x.definition !== undefined) return x.definition;
  return JSON.stringify([x.method, x.elements, x.where ?? null, deferralShape(x)]);
}

function foreignKeyShape(f: ForeignKeyModel): string {
  return JSON.stringify([
    f.columns,
    f.refSchema,
    f.refTable,
    f.refColumns,
    f.onDelete,
    f.onUpdate,
    f.deferrable,
    f.initiallyDeferred,
    f.match ?? 'simple',
  ]);
}

function withoutHints(column: ColumnModel): ColumnModel {
  const { renamedFrom: _r, ...rest } = column;
  return rest;
}

function diffColumn(
  before: ColumnModel,
  after: ColumnModel,
  ref: { schema: string; table: string },
  p: Phases,
): void {
  const column = after.name;
  if ((before.generated ?? null) !== (after.generated ?? null)) {
    // A generation expression cannot be altered on PostgreSQL 12: recreate the column.
    // Dropped first (same phase), so the new column's name is free when it is added.
    p.columns.push({ kind: 'DropColumn', ...ref, column: { ...before, name: after.name } });
    p.columns.push({ kind: 'AddColumn', ...ref, column: withoutHints(after) });
    return;
  }
  if (before.type !== after.type)
    p.columns.push({ kind: 'AlterColumnType', ...ref, column, from: before.type, to: after.type });
  diffColumnCollation(before, after, ref, p);
  const identityOptions: Change = {
    kind: 'AlterIdentityOptions',
    ...ref,
    column,
    type: after.type,
    from: before.identityOptions,
    to: after.identityOptions,
  };
  const optionsDiffer =
    JSON.stringify(before.identityOptions ?? null) !==
    JSON.stringify(after.identityOptions ?? null);
  const identity: Change[] = [];
  // Options are set on an identity: after it is added, before it is dropped.
  if (optionsDiffer && before.identity !== undefined && after.identity === undefined)
    identity.push(identityOptions);
  if ((before.identity ?? null) !== (after.identity ?? null))
    identity.push({
      kind: 'AlterColumnIdentity',
      ...ref,
      column,
      from: before.identity,
      to: after.identity,
    });
  if (optionsDiffer && after.identity !== undefined) identity.push(identityOptions);
  const others: Change[] = [];
  if ((before.default ?? null) !== (after.default ?? null) && before.generated === undefined)
    others.push({
      kind: 'AlterColumnDefault',
      ...ref,
      column,
      from: before.default,
      to: after.default,
    });
  if (before.notNull !== after.notNull && !(after.identity && before.identity))
    others.push({ kind: 'AlterColumnNullability', ...ref, column, notNull: after.notNull });
  // ADD GENERATED … AS IDENTITY needs a NOT NULL column without a default: those changes come
  // first. Otherwise the identity goes first (DROP NOT NULL and SET DEFAULT refuse an identity).
  const addsIdentity = before.identity === undefined && after.identity !== undefined;
  p.columns.push(...(addsIdentity ? [...others, ...identity] : [...identity, ...others]));
  if ((before.comment ?? null) !== (after.comment ?? null))
    p.comments.push({
      kind: 'SetColumnComment',
      ...ref,
      column,
      from: before.comment,
      to: after.comment,
    });
}
