import { field, list, str, unwrap, type Node } from './ast.js';

/**
 * True when PostgreSQL refuses to run the statement inside a transaction block (so the runner
 * must send it alone, outside the migration's transaction).
 *
 * @example
 * mustRunOutsideTransaction({ IndexStmt: { concurrent: true } }); // true
 */
export function mustRunOutsideTransaction(ast: Record<string, unknown>): boolean {
  const [kind] = Object.keys(ast);
  if (kind === undefined) return false;
  const node = unwrap(ast, kind) ?? {};
  switch (kind) {
    case 'IndexStmt':
      return field<boolean>(node, 'concurrent') === true;
    case 'DropStmt':
      return field<boolean>(node, 'concurrent') === true;
    case 'ReindexStmt':
      return (
        hasDefElem(node, 'concurrently') ||
        str(node, 'kind') === 'REINDEX_OBJECT_DATABASE' ||
        str(node, 'kind') === 'REINDEX_OBJECT_SYSTEM'
      );
    case 'AlterTableStmt':
      return list(node, 'cmds').some((cmd) => {
        const body = unwrap(cmd, 'AlterTableCmd');
        const def = unwrap(field(body, 'def'), 'PartitionCmd');
        return str(body, 'subtype') === 'AT_DetachPartition' && field(def, 'concurrent') === true;
      });
    case 'VacuumStmt':
      // VACUUM (not ANALYZE alone) refuses a transaction block.
      return field<boolean>(node, 'is_vacuumcmd') === true;
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
    case 'CreateSubscriptionStmt':
    case 'DropSubscriptionStmt':
      return true;
    case 'ClusterStmt':
      return field(node, 'relation') === undefined;
    default:
      return false;
  }
}

function hasDefElem(node: Node, name: string): boolean {
  return list(node, 'params').some((p) => str(unwrap(p, 'DefElem'), 'defname') === name);
}
