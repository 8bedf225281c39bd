import type { LintRule } from '../rule.js';
import { addingFieldWithDefault } from './adding-field-with-default.js';
import { addingForeignKeyConstraint } from './adding-foreign-key-constraint.js';
import { addingNotNullableField } from './adding-not-nullable-field.js';
import { addingRequiredField } from './adding-required-field.js';
import { addingSerialPrimaryKeyField } from './adding-serial-primary-key-field.js';
import { banCharField } from './ban-char-field.js';
import { banConcurrentIndexCreationInTransaction } from './ban-concurrent-index-creation-in-transaction.js';
import { banDropColumn } from './ban-drop-column.js';
import { banDropDatabase } from './ban-drop-database.js';
import { banDropNotNull } from './ban-drop-not-null.js';
import { banDropTable } from './ban-drop-table.js';
import { banTruncateCascade } from './ban-truncate-cascade.js';
import { changingColumnType } from './changing-column-type.js';
import { changingTablePersistence } from './changing-table-persistence.js';
import { constraintMissingNotValid } from './constraint-missing-not-valid.js';
import { disallowedUniqueConstraint } from './disallowed-unique-constraint.js';
import { enumValueUsedInSameTransaction } from './enum-value-used-in-same-transaction.js';
import { identifierTooLong } from './identifier-too-long.js';
import { preferBigintOverInt } from './prefer-bigint-over-int.js';
import { preferIdentity } from './prefer-identity.js';
import { preferJsonb } from './prefer-jsonb.js';
import { preferRobustStmts } from './prefer-robust-stmts.js';
import { preferTextField } from './prefer-text-field.js';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { renamingColumn } from './renaming-column.js';
import { renamingTable } from './renaming-table.js';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation.js';
import { requireConcurrentIndexDeletion } from './require-concurrent-index-deletion.js';
import { requireEnumValueOrdering } from './require-enum-value-ordering.js';
import { requireLockTimeout } from './require-lock-timeout.js';
import { requireStatementTimeout } from './require-statement-timeout.js';
import { transactionNesting } from './transaction-nesting.js';
import { nonTransactionalDml } from './non-transactional-dml.js';
import { targetVersionFeature } from './target-version-feature.js';

/** Every statement rule, in code order. Codes and names are stable: never reuse one. */
export const RULES: readonly LintRule[] = [
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  addingFieldWithDefault,
  addingNotNullableField,
  addingRequiredField,
  addingSerialPrimaryKeyField,
  changingColumnType,
  constraintMissingNotValid,
  addingForeignKeyConstraint,
  disallowedUniqueConstraint,
  requireLockTimeout,
  requireStatementTimeout,
  renamingColumn,
  renamingTable,
  banDropColumn,
  banDropTable,
  banDropDatabase,
  banDropNotNull,
  banTruncateCascade,
  preferRobustStmts,
  changingTablePersistence,
  banConcurrentIndexCreationInTransaction,
  transactionNesting,
  enumValueUsedInSameTransaction,
  requireEnumValueOrdering,
  nonTransactionalDml,
  banCharField,
  preferBigintOverInt,
  preferIdentity,
  preferTextField,
  preferTimestamptz,
  identifierTooLong,
  preferJsonb,
  targetVersionFeature,
];
