import { InvalidOperationError } from '../../ops/op-errors.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { inTransaction, type Renderer } from './context.js';
import { renderDeferrable, requireSome, sqlText } from './fragments.js';
import { renderIndexKey } from './indexes.js';

// An operator name: PostgreSQL's operator characters only (no schema qualification here).
const operatorPattern = /^[+\-*/<>=~!@#%^&|`?]{1,63}$/;

/** `ALTER TABLE t ADD CONSTRAINT "n" EXCLUDE USING gist (key WITH op, …) [WHERE (…)] [DEFERRABLE …]` */
export const renderCreateExclusionConstraint: Renderer<'CreateExclusionConstraint'> = (op) => {
  requireSome(op.elements, 'createExclusionConstraint', 'element');
  const elements = op.elements.map((element) => {
    if (!operatorPattern.test(element.operator)) {
      throw new InvalidOperationError(
        'createExclusionConstraint',
        `${JSON.stringify(element.operator)} is not an operator (e.g. '=', '&&')`,
      );
    }
    return `${renderIndexKey(element.key)} WITH ${element.operator}`;
  });
  const name = op.name === '' ? '' : `CONSTRAINT ${quoteIdent(op.name)} `;
  const where = op.where === undefined ? '' : ` WHERE (${sqlText(op.where)})`;
  return [
    inTransaction(
      `ALTER TABLE ${quoteQualified(op.table, op.schema)} ADD ${name}EXCLUDE USING ` +
        `${quoteIdent(op.method ?? 'gist')} (${elements.join(', ')})${where}${renderDeferrable(op)}`,
    ),
  ];
};
