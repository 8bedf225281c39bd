import type { EnumValueAdd } from './statement.js';

/** What the runner must know about one parsed statement before running it. */
export interface StatementClass {
  /** False when PostgreSQL refuses to run the statement inside a transaction block. */
  readonly transactional: boolean;
  /** Why it must run outside a transaction, e.g. `CREATE INDEX CONCURRENTLY`; absent when transactional. */
  readonly reason?: string;
  /** Set for `ALTER TYPE … ADD VALUE`. */
  readonly addsEnumValue?: EnumValueAdd;
}

type Node = Record<string, unknown>;

const inTransaction: StatementClass = { transactional: true };
const outside = (reason: string): StatementClass => ({ transactional: false, reason });

function field(node: Node, key: string): unknown {
  return node[key];
}

/** The `DefElem` options of a statement (`WITH (create_slot = false)`, `(CONCURRENTLY)`). */
function defElems(node: Node, key: string): Node[] {
  const list = field(node, key);
  if (!Array.isArray(list)) return [];
  return list
    .map((entry) => (entry as { DefElem?: Node }).DefElem)
    .filter((entry): entry is Node => entry !== undefined);
}

/** A boolean option's value as PostgreSQL reads it: no argument means true. */
function optionValue(options: Node[], name: string): boolean | undefined {
  const option = options.find((entry) => entry['defname'] === name);
  if (option === undefined) return undefined;
  const arg = option['arg'] as Node | undefined;
  if (arg === undefined) return true;
  const boolean = (arg['Boolean'] as { boolval?: boolean } | undefined)?.boolval;
  if (arg['Boolean'] !== undefined) return boolean === true;
  const integer = (arg['Integer'] as { ival?: number } | undefined)?.ival;
  if (arg['Integer'] !== undefined) return (integer ?? 0) !== 0;
  const text = (arg['String'] as { sval?: string } | undefined)?.sval?.toLowerCase();
  if (text === undefined) return true;
  return !['false', 'off', 'no', '0'].includes(text);
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => (entry as { String?: { sval?: string } }).String?.sval ?? '');
}

type Classifier = (node: Node) => StatementClass;

// Each entry is a statement kind with at least one form that cannot run in a transaction block
// (see docs/postgres-safety.md); every other kind is transactional.
const classifiers: Readonly<Record<string, Classifier>> = {
  IndexStmt: (node) =>
    field(node, 'concurrent') === true ? outside('CREATE INDEX CONCURRENTLY') : inTransaction,
  DropStmt: (node) =>
    field(node, 'concurrent') === true ? outside('DROP INDEX CONCURRENTLY') : inTransaction,
  ReindexStmt: (node) => {
    const kind = field(node, 'kind');
    if (kind === 'REINDEX_OBJECT_DATABASE') return outside('REINDEX DATABASE');
    if (kind === 'REINDEX_OBJECT_SYSTEM') return outside('REINDEX SYSTEM');
    return optionValue(defElems(node, 'params'), 'concurrently') === true
      ? outside('REINDEX … CONCURRENTLY')
      : inTransaction;
  },
  AlterTableStmt: (node) => {
    const cmds = field(node, 'cmds');
    const concurrentDetach =
      Array.isArray(cmds) &&
      cmds.some((entry) => {
        const cmd = (entry as { AlterTableCmd?: Node }).AlterTableCmd;
        const partition = (cmd?.['def'] as { PartitionCmd?: Node } | undefined)?.PartitionCmd;
        return cmd?.['subtype'] === 'AT_DetachPartition' && partition?.['concurrent'] === true;
      });
    return concurrentDetach
      ? outside('ALTER TABLE … DETACH PARTITION … CONCURRENTLY')
      : inTransaction;
  },
  // ANALYZE alone is allowed in a transaction; VACUUM (with or without ANALYZE) is not.
  VacuumStmt: (node) => (field(node, 'is_vacuumcmd') === true ? outside('VACUUM') : inTransaction),
  CreatedbStmt: () => outside('CREATE DATABASE'),
  DropdbStmt: () => outside('DROP DATABASE'),
  CreateTableSpaceStmt: () => outside('CREATE TABLESPACE'),
  DropTableSpaceStmt: () => outside('DROP TABLESPACE'),
  AlterSystemStmt: () => outside('ALTER SYSTEM'),
  ClusterStmt: (node) =>
    field(node, 'relation') === undefined ? outside('CLUSTER without a table') : inTransaction,
  // Creating the replication slot (the default, unless connect = false) cannot be in a transaction.
  CreateSubscriptionStmt: (node) => {
    const options = defElems(node, 'options');
    const connect = optionValue(options, 'connect') ?? true;
    const createSlot = optionValue(options, 'create_slot') ?? connect;
    return createSlot ? outside('CREATE SUBSCRIPTION creating a replication slot') : inTransaction;
  },
  // Dropping a subscription with a slot cannot be in a transaction; whether it has one is only
  // known at run time, and running it alone is always allowed.
  DropSubscriptionStmt: () => outside('DROP SUBSCRIPTION'),
  AlterSubscriptionStmt: (node) => {
    const kind = field(node, 'kind');
    const options = defElems(node, 'options');
    if (kind === 'ALTER_SUBSCRIPTION_REFRESH')
      return outside('ALTER SUBSCRIPTION … REFRESH PUBLICATION');
    if (
      (kind === 'ALTER_SUBSCRIPTION_SET_PUBLICATION' ||
        kind === 'ALTER_SUBSCRIPTION_ADD_PUBLICATION' ||
        kind === 'ALTER_SUBSCRIPTION_DROP_PUBLICATION') &&
      (optionValue(options, 'refresh') ?? true)
    ) {
      return outside('ALTER SUBSCRIPTION … PUBLICATION with refresh');
    }
    if (kind === 'ALTER_SUBSCRIPTION_OPTIONS' && optionValue(options, 'failover') !== undefined) {
      return outside('ALTER SUBSCRIPTION … SET (failover)');
    }
    return inTransaction;
  },
  AlterEnumStmt: (node) => {
    // RENAME VALUE has oldVal; ADD VALUE does not.
    if (field(node, 'oldVal') !== undefined) return inTransaction;
    const value = field(node, 'newVal');
    const typeName = names(field(node, 'typeName'));
    const type = typeName.at(-1);
    if (typeof value !== 'string' || type === undefined) return inTransaction;
    const schema = typeName.length > 1 ? typeName.at(-2) : undefined;
    return {
      transactional: true,
      addsEnumValue: { type, ...(schema === undefined ? {} : { schema }), value },
    };
  },
};

/**
 * Classifies one statement from its libpg-query parse tree (`ParsedStatement.ast`, an object with
 * one key: the node type): whether it can run inside a transaction block, and whether it adds an
 * enum value that must be committed before use.
 *
 * @example
 * classifyStatement({ IndexStmt: { idxname: 'ix', concurrent: true } });
 * // → { transactional: false, reason: 'CREATE INDEX CONCURRENTLY' }
 */
export function classifyStatement(ast: Readonly<Record<string, unknown>>): StatementClass {
  const [kind, node] = Object.entries(ast)[0] ?? [];
  if (kind === undefined || typeof node !== 'object' || node === null) return inTransaction;
  const classifier = classifiers[kind];
  return classifier === undefined ? inTransaction : classifier(node as Node);
}
