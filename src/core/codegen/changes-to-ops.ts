import type { Change } from '../changes/change.js';
import { isSqlExpression } from '../ops/sql-expression.js';
import { opMethodName, type Operation, type OperationKind } from '../ops/operations.js';
import { planChanges, type Plan, type PlanContext } from './plan.js';
import { shortTypeName, tsKey, tsSql, tsString, wrapLongLines } from './ts-literal.js';

export { notNullCheckName } from './plan.js';

/** What the generator needs to know beyond a change: the enums, to type enum columns. */
export type CodegenContext = PlanContext;

/** The positional arguments of each op method, by field of its operation, in order. */
const POSITIONAL: { readonly [K in OperationKind]: readonly string[] } = {
  CreateTable: ['name', 'columns'],
  DropTable: ['name'],
  RenameTable: ['from', 'to'],
  SetTableSchema: ['table', 'newSchema'],
  RenameConstraint: ['table', 'from', 'to'],
  AddColumn: ['table', 'column'],
  DropColumn: ['table', 'column'],
  AlterColumn: ['table', 'column'],
  CreateIndex: ['name', 'table', 'keys'],
  DropIndex: ['name'],
  CreateForeignKey: ['name', 'table'],
  CreateUniqueConstraint: ['name', 'table', 'columns'],
  CreatePrimaryKey: ['name', 'table', 'columns'],
  CreateCheckConstraint: ['name', 'table', 'condition'],
  CreateExclusionConstraint: ['name', 'table', 'elements'],
  ValidateConstraint: ['name', 'table'],
  DropConstraint: ['name', 'table'],
  CreateEnum: ['name', 'values'],
  DropEnum: ['name'],
  AddEnumValue: ['type', 'value'],
  RenameEnumValue: ['type', 'from', 'to'],
  CreateSchema: ['name'],
  DropSchema: ['name'],
  CreateExtension: ['name'],
  DropExtension: ['name'],
  CreateSequence: ['name'],
  DropSequence: ['name'],
  SetTableComment: ['table', 'comment'],
  SetColumnComment: ['table', 'column', 'comment'],
  SetComment: ['objectType', 'name', 'comment'],
  CreateDomain: ['name', 'type'],
  AlterDomain: ['name'],
  DropDomain: ['name'],
  CreateType: ['name', 'attributes'],
  DropType: ['name'],
  CreateCollation: ['name'],
  DropCollation: ['name'],
  Grant: ['privileges', 'objectType', 'name', 'grantees'],
  Revoke: ['privileges', 'objectType', 'name', 'grantees'],
  AlterIdentity: ['table', 'column'],
  Execute: ['sql'],
  BulkInsert: ['table', 'rows'],
  CreateFunction: ['name', 'definition'],
  DropFunction: ['name'],
  CreateTrigger: ['name', 'table', 'definition'],
  DropTrigger: ['name', 'table'],
  CreateView: ['name', 'query'],
  DropView: ['name'],
  SetRowLevelSecurity: ['table'],
  CreatePolicy: ['name', 'table'],
  DropPolicy: ['name', 'table'],
  CreatePartition: ['name', 'parent', 'bound'],
  AttachPartition: ['table', 'partition', 'bound'],
  DetachPartition: ['table', 'partition'],
};

/**
 * TypeScript source for an operation's value: strings quoted, sql`…` kept, bigints as `1n`, a
 * `type` field spelled as people write it (`timestamptz`, `varchar(255)`: {@link shortTypeName}).
 */
export function tsValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `new Date(${tsString(value.toISOString())})`;
  if (isSqlExpression(value)) return tsSql(value.text);
  if (Array.isArray(value)) return `[${value.map(tsValue).join(', ')}]`;
  if (typeof value === 'object') {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(
        ([k, v]) =>
          `${tsKey(k)}: ${k === 'type' && typeof v === 'string' ? tsString(shortTypeName(v)) : tsValue(v)}`,
      );
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  throw new TypeError(`Cannot write ${typeof value} as TypeScript`);
}

/**
 * The op call that records an operation: `{ kind: 'DropIndex', name: 'ix', concurrently: true }`
 * → `op.dropIndex('ix', { concurrently: true });`. Positional arguments as the op method takes
 * them, every other field in the options object, in the operation's field order.
 *
 * @example
 * operationToTs({ kind: 'CreateSchema', name: 'audit' }); // "op.createSchema('audit');"
 */
export function operationToTs(op: Operation): string {
  const positional = POSITIONAL[op.kind];
  const record = op as unknown as Readonly<Record<string, unknown>>;
  const args = positional.map((field) => {
    const value = record[field];
    if (op.kind === 'CreateTable' && field === 'columns') {
      const lines = op.columns.map(({ name, ...definition }) => {
        return `  ${tsKey(name)}: ${tsValue(definition)},`;
      });
      return `{\n${lines.join('\n')}\n}`;
    }
    if (op.kind === 'AddColumn' && field === 'column') {
      const { name, ...definition } = op.column;
      return `${tsString(name)}, ${tsValue(definition)}`;
    }
    return tsValue(value);
  });
  const options = Object.fromEntries(
    Object.entries(record).filter(
      ([key, value]) => key !== 'kind' && !positional.includes(key) && value !== undefined,
    ),
  );
  const rest = Object.keys(options).length === 0 ? '' : `, ${tsValue(options)}`;
  return `op.${opMethodName(op.kind)}(${args.join(', ')}${rest});`;
}

/**
 * Generated op calls go inside `upgrade(op) {` / `downgrade(op) {` of a revision file, four
 * columns in: lines are wrapped so that the file stays within 100 columns.
 */
const BODY_WIDTH = 96;

/**
 * TypeScript op calls for a plan: destructive changes flagged, the validations after op.commit(),
 * long calls wrapped ({@link wrapLongLines}).
 */
export function planToTs(plan: Plan): string {
  const blocks = plan.now.flatMap((block) => {
    // A change whose operations all wait for the commit point is printed there.
    if (block.operations.length === 0) return [];
    const lines = block.operations.map(operationToTs);
    if (block.unsafe !== undefined)
      lines.unshift(
        `// LINT IGNORED: ${block.unsafe.map((s) => `${s.rule} (${s.reason})`).join('; ')}`,
      );
    if (block.destructive !== undefined)
      lines.unshift(`// DESTRUCTIVE: ${block.destructive}; review before running.`);
    return lines.join('\n');
  });
  if (plan.later.length > 0) {
    blocks.push(
      '// Validate in a new transaction, once the NOT VALID constraints above are committed: the\n' +
        '// scan then takes a SHARE UPDATE EXCLUSIVE lock, and reads and writes go on meanwhile.\nop.commit();',
      ...plan.later.map(operationToTs),
    );
  }
  return wrapLongLines(blocks.join('\n'), BODY_WIDTH);
}

/**
 * TypeScript op calls for a list of changes, one block per change, destructive ones preceded by
 * a comment saying so.
 *
 * @example
 * changesToOps(diffSchemas(head, declared), { enums: declared.enums });
 * // op.createTable('users', { id: { type: 'uuid', nullable: false, default: sql`gen_random_uuid()` } }, …);
 */
export function changesToOps(changes: readonly Change[], ctx: CodegenContext): string {
  return planToTs(planChanges(changes, ctx));
}
