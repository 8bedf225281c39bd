import { describe } from 'vitest';
import { examplesSuite } from './examples-suite.js';

describe('retort test on both examples, embedded database', () => {
  examplesSuite(() => undefined);
});
