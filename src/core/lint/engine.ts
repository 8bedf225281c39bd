import {
  columnConstraints,
  field,
  list,
  names,
  relationOf,
  str,
  unwrap,
  type Node,
} from './ast.js';
import type {
  Diagnostic,
  LintContext,
  LintStatement,
  Severity,
  SeverityOverride,
} from './diagnostic.js';
import { createLintSession, type LintSession } from './lint-session.js';
import type { LintRule, RuleContext } from './rule.js';
import { RULES } from './rules/index.js';
import { invalidSuppression, unusedSuppression } from './suppression-rules.js';
import { timeoutSetting } from './timeouts.js';
import { classifyStatement } from '../sql/classify-statement.js';

export interface LintOptions extends LintContext {
  /** Facts carried from earlier revisions (validated NOT NULL checks). */
  readonly session?: LintSession;
  /** `-- retort-ignore` comments above no statement: reported as unused suppressions. */
  readonly strayIgnores?: readonly { readonly line: number; readonly text: string }[];
  /** The rules to run. Default: every rule. */
  readonly ruleSet?: readonly LintRule[];
}

type ActiveRules = readonly { readonly rule: LintRule; readonly severity: Severity }[];
const dispatchCache = new WeakMap<
  readonly LintRule[],
  WeakMap<Readonly<Record<string, SeverityOverride>>, (kind: string) => ActiveRules>
>();
const NO_OVERRIDES: Readonly<Record<string, SeverityOverride>> = {};

/**
 * The enabled rules (with their effective severity) for a statement kind. Cached per rule set
 * and overrides object, since a project's thousand migrations share both.
 */
function ruleDispatch(
  rules: readonly LintRule[],
  overrides: Readonly<Record<string, SeverityOverride>>,
): (kind: string) => ActiveRules {
  let byOverrides = dispatchCache.get(rules);
  if (byOverrides === undefined) {
    byOverrides = new WeakMap();
    dispatchCache.set(rules, byOverrides);
  }
  const cached = byOverrides.get(overrides);
  if (cached) return cached;
  const active = rules.flatMap((rule) => {
    const severity = overrides[rule.name] ?? overrides[rule.code] ?? rule.severity;
    return severity === 'off' ? [] : [{ rule, severity }];
  });
  // Rules by statement kind: most statements concern a few rules only.
  const byKind = new Map<string, ActiveRules>();
  const activeFor = (kind: string): ActiveRules => {
    let found = byKind.get(kind);
    if (found === undefined) {
      found = active.filter(({ rule }) => rule.kinds === undefined || rule.kinds.includes(kind));
      byKind.set(kind, found);
    }
    return found;
  };
  byOverrides.set(overrides, activeFor);
  return activeFor;
}

interface ActiveSuppression {
  readonly rule: LintRule;
  readonly reason: string;
  used: boolean;
}

/**
 * Lints one migration's statements, in order, and returns its findings sorted by position.
 * Pure: the statements come parsed (see `src/parser/parse-sql.ts`).
 *
 * @example
 * await loadParser();
 * const statements = parseStatements('CREATE INDEX i ON t (a)').map((s) => ({ ...s }));
 * lintStatements(statements, { file: 'migrations/abc_add_index.sql' });
 * // → [{ code: 'RT101', rule: 'require-concurrent-index-creation', severity: 'error', … }]
 */
export function lintStatements(
  statements: readonly LintStatement[],
  options: LintOptions = {},
): Diagnostic[] {
  const linter = createLinter(options);
  for (const statement of statements) linter.lint(statement);
  return linter.finish();
}

/** {@link lintStatements} one statement at a time, for statements linted as they are parsed. */
export interface Linter {
  /**
   * Lints the next statement of the migration (in the context of those before it) and returns
   * its findings; the statement is not kept (its tree can be dropped).
   */
  lint(statement: LintStatement): readonly Diagnostic[];
  /**
   * Every finding so far, with the stray suppressions (`strayIgnores`, default the options'),
   * sorted by position. Call once, after the last statement.
   */
  finish(strayIgnores?: LintOptions['strayIgnores']): Diagnostic[];
}

const NO_FINDINGS: readonly Diagnostic[] = Object.freeze([]);

/**
 * A linter for one migration (see {@link lintStatements}, which is built on it): what it keeps
 * between statements is small (the transaction, timeouts, names created, findings), so a
 * migration of any length is linted in bounded memory.
 *
 * @example
 * const linter = createLinter({ file: 'migrations/abc_data.sql' });
 * forEachSqlStatement(text, {}, (s) => linter.lint(toLintStatements([s])[0]!));
 * const diagnostics = linter.finish();
 */
export function createLinter(options: LintOptions = {}): Linter {
  const rules = options.ruleSet ?? RULES;
  const overrides = options.rules ?? NO_OVERRIDES;
  const session = options.session ?? createLintSession();
  const migrationTransactional = options.transactional ?? true;
  const targetVersion = options.targetVersion ?? 12;
  const runnerLockTimeout = options.lockTimeoutMs ?? 5000;
  const runnerStatementTimeout = options.statementTimeoutMs ?? 0;
  const out: Diagnostic[] = [];
  const severityOf = (rule: LintRule): SeverityOverride =>
    overrides[rule.name] ?? overrides[rule.code] ?? rule.severity;
  const activeFor = ruleDispatch(rules, overrides);

  const createdTables = new Set(options.createdTables ?? []);
  const extensions = session.extensions ?? new Set<string>();
  let explicitBlock = false;
  let segment = 0;
  let previousTx: string | undefined;
  let enumValues = new Map<string, string>();
  let notValid = new Set<string>();
  const session_: { lock?: number; statement?: number } = {};
  let local: { lock?: number; statement?: number } = {};
  const reported = new Set<string>();
  let index = -1;

  const emit = (
    rule: LintRule,
    stmt: LintStatement,
    severity: Severity,
    f: { message: string; impact: string; safeAlternative: string },
  ): void => {
    out.push({
      code: rule.code,
      rule: rule.name,
      severity,
      revision: options.revision,
      file: options.file,
      line: stmt.line,
      column: stmt.column,
      statement: stmt.sql,
      message: f.message,
      impact: f.impact,
      safeAlternative: f.safeAlternative,
    });
  };

  const lint = (stmt: LintStatement): readonly Diagnostic[] => {
    index++;
    const before = out.length;
    let kind = 'Unknown';
    for (const key in stmt.ast) {
      kind = key;
      break;
    }
    const node = unwrap(stmt.ast, kind) ?? {};
    const transactional = stmt.transactional ?? classifyStatement(stmt.ast).transactional;
    const wrappedByRunner = migrationTransactional && transactional;
    // Where the runner commits is decided once, by `groupUnits` (src/core/runner/units.ts): an
    // enum label added then used, `op.commit()`, `-- retort-commit` mark the first statement of
    // the new unit `commitBefore`. The linter follows those units; it derives no boundary itself.
    if (wrappedByRunner && !explicitBlock && stmt.commitBefore === true) segment++;
    const txKey = explicitBlock
      ? `explicit-${segment}`
      : wrappedByRunner
        ? `runner-${segment}`
        : `auto-${index}`;
    if (txKey !== previousTx) {
      enumValues = new Map();
      notValid = new Set();
      local = {};
      if (!wrappedByRunner && !explicitBlock) segment++;
    }
    previousTx = txKey;

    const suppressions = activeSuppressions(stmt, rules, (problem) => {
      const severity = severityOf(invalidSuppression);
      if (severity !== 'off') emit(invalidSuppression, stmt, severity, problem);
    });

    const lockTimeoutMs = local.lock ?? session_.lock ?? runnerLockTimeout;
    const statementTimeoutMs = local.statement ?? session_.statement ?? runnerStatementTimeout;
    const ctx: RuleContext = {
      statement: stmt,
      kind,
      node,
      targetVersion,
      inTransaction: explicitBlock || wrappedByRunner,
      wrappedByRunner,
      isNewTable: (rel: { name: string } | undefined) =>
        rel !== undefined && createdTables.has(rel.name),
      enumValuesAddedInTransaction: enumValues,
      notValidInTransaction: notValid,
      provenNotNull: session.provenNotNull,
      lockTimeoutMs,
      lockTimeoutSource: (local.lock ?? session_.lock) === undefined ? 'runner' : 'sql',
      statementTimeoutMs,
      statementTimeoutSource:
        (local.statement ?? session_.statement) === undefined ? 'runner' : 'sql',
      extensions,
      hasReported: (name) => reported.has(name),
    };

    for (const { rule, severity } of activeFor(kind)) {
      for (const finding of rule.check(ctx)) {
        const suppression = suppressions.find((s) => s.rule === rule);
        if (suppression) {
          suppression.used = true;
          continue;
        }
        reported.add(rule.name);
        emit(rule, stmt, severity, finding);
      }
    }
    for (const s of suppressions) {
      if (s.used || severityOf(s.rule) === 'off') continue;
      const severity = severityOf(unusedSuppression);
      if (severity === 'off') continue;
      emit(unusedSuppression, stmt, severity, {
        message: `Suppression of ${s.rule.name} (${s.rule.code}) matched no finding on this statement.`,
        impact: 'A stale suppression hides the next real finding of that rule on this statement.',
        safeAlternative: `Remove the \`retort-ignore ${s.rule.name}\` comment or lintIgnore option.`,
      });
    }

    // Update what later statements know.
    switch (kind) {
      case 'CreateExtensionStmt': {
        const name = str(node, 'extname');
        if (name) extensions.add(name);
        break;
      }
      case 'TransactionStmt': {
        const k = str(node, 'kind') ?? '';
        if (k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START') {
          explicitBlock = true;
          segment++;
        } else if (
          [
            'TRANS_STMT_COMMIT',
            'TRANS_STMT_ROLLBACK',
            'TRANS_STMT_COMMIT_PREPARED',
            'TRANS_STMT_PREPARE',
          ].includes(k)
        ) {
          explicitBlock = false;
          segment++;
        }
        break;
      }
      case 'VariableSetStmt': {
        const setting = timeoutSetting(kind, node);
        if (setting) {
          const target = setting.local ? local : session_;
          if (setting.name === 'lock_timeout') target.lock = setting.ms;
          else target.statement = setting.ms;
        }
        break;
      }
      case 'CreateStmt':
        recordCreatedTable(createdTables, relationOf(node)?.name);
        recordTableChecks(session, relationOf(node)?.name, node);
        break;
      case 'CreateTableAsStmt':
        recordCreatedTable(createdTables, relationOf(field<Node>(node, 'into'), 'rel')?.name);
        break;
      case 'RenameStmt': {
        const rel = relationOf(node);
        const newName = str(node, 'newname');
        if (
          str(node, 'renameType') === 'OBJECT_TABLE' &&
          rel &&
          newName &&
          createdTables.has(rel.name)
        ) {
          createdTables.add(newName);
        }
        break;
      }
      case 'AlterEnumStmt': {
        const type = names(list(node, 'typeName')).at(-1) ?? '';
        const label = str(node, 'newVal');
        if (label !== undefined && str(node, 'oldVal') === undefined) {
          enumValues.set(label, type);
        }
        break;
      }
      case 'AlterTableStmt':
        recordAlterTable(session, notValid, createdTables, relationOf(node)?.name ?? '', node);
        break;
      default:
        break;
    }
    return out.length === before ? NO_FINDINGS : out.slice(before);
  };
  const finish = (strayIgnores = options.strayIgnores): Diagnostic[] => {
    const straySeverity = severityOf(unusedSuppression);
    for (const stray of strayIgnores ?? []) {
      if (straySeverity === 'off') break;
      emit(
        unusedSuppression,
        { sql: stray.text, ast: {}, line: stray.line, column: 1 },
        straySeverity,
        {
          message:
            'This retort-ignore comment is not directly above a statement, so it silences nothing.',
          impact: 'The finding it was meant for is still reported (or the comment is stale).',
          safeAlternative:
            'Put the comment on the line(s) directly above the statement, with no blank line between, or remove it.',
        },
      );
    }
    return out.sort((a, b) => a.line - b.line || a.column - b.column);
  };
  return { lint, finish };
}

function recordCreatedTable(tables: Set<string>, name: string | undefined): void {
  if (name !== undefined) tables.add(name);
}

/** CHECK (col IS NOT NULL) constraints declared in CREATE TABLE are valid from the start. */
function recordTableChecks(session: LintSession, table: string | undefined, node: Node): void {
  if (table === undefined) return;
  for (const element of list(node, 'tableElts')) {
    const constraint = unwrap(element, 'Constraint');
    const column = constraint ? notNullCheckColumn(constraint) : undefined;
    if (column) session.provenNotNull.add(`${table}.${column}`);
    for (const c of columnConstraints(unwrap(element, 'ColumnDef'))) {
      const col = notNullCheckColumn(c);
      if (col) session.provenNotNull.add(`${table}.${col}`);
    }
  }
}

function recordAlterTable(
  session: LintSession,
  notValid: Set<string>,
  created: Set<string>,
  table: string,
  node: Node,
): void {
  for (const cmd of list(node, 'cmds')) {
    const body = unwrap(cmd, 'AlterTableCmd');
    const subtype = str(body, 'subtype');
    if (subtype === 'AT_AddConstraint') {
      const constraint = unwrap(field(body, 'def'), 'Constraint');
      const name = str(constraint, 'conname');
      const skip = field<boolean>(constraint, 'skip_validation') === true;
      const column = constraint ? notNullCheckColumn(constraint) : undefined;
      if (name !== undefined && skip) notValid.add(`${table}.${name}`);
      if (column !== undefined) {
        if (name !== undefined) session.notNullChecks.set(`${table}.${name}`, column);
        // A valid check on a new (empty) table proves the column at once.
        if (!skip || created.has(table)) session.provenNotNull.add(`${table}.${column}`);
      }
    } else if (subtype === 'AT_ValidateConstraint') {
      const column = session.notNullChecks.get(`${table}.${str(body, 'name') ?? ''}`);
      if (column !== undefined) session.provenNotNull.add(`${table}.${column}`);
    }
  }
}

/** The column of a `CHECK (col IS NOT NULL)` constraint, if that is what it is. */
function notNullCheckColumn(constraint: Node): string | undefined {
  if (str(constraint, 'contype') !== 'CONSTR_CHECK') return undefined;
  const test = unwrap(field(constraint, 'raw_expr'), 'NullTest');
  if (str(test, 'nulltesttype') !== 'IS_NOT_NULL') return undefined;
  const ref = unwrap(field(test, 'arg'), 'ColumnRef');
  return names(list(ref, 'fields')).at(-1);
}

/** The statement's valid suppressions; reports missing reasons and unknown rules. */
function activeSuppressions(
  stmt: LintStatement,
  rules: readonly LintRule[],
  report: (problem: { message: string; impact: string; safeAlternative: string }) => void,
): ActiveSuppression[] {
  const out: ActiveSuppression[] = [];
  if (stmt.lintIgnore === undefined) return out;
  for (const s of stmt.lintIgnore) {
    const rule = rules.find((r) => r.name === s.rule || r.code === s.rule.toUpperCase());
    if (rule === undefined) {
      report({
        message: `Suppression names an unknown rule \`${s.rule}\`.`,
        impact: 'It silences nothing, so the finding it was meant for is still reported.',
        safeAlternative: 'Use a rule name or code from `retort lint --help` or docs/lint.md.',
      });
      continue;
    }
    if (s.reason.trim().length === 0) {
      report({
        message: `Suppression of ${rule.name} has no reason.`,
        impact: 'A suppression without a reason cannot be reviewed, so retort does not honour it.',
        safeAlternative: `Write \`-- retort-ignore ${rule.name}: <why this is safe here>\` (or lintIgnore: { rule, reason }).`,
      });
      continue;
    }
    out.push({ rule, reason: s.reason, used: false });
  }
  return out;
}
