import { describePostgres } from '../support/postgres.js';
import { examplesSuite } from './examples-suite.js';

describePostgres('retort test --database on both examples', (adminUrl) => {
  examplesSuite(adminUrl);
});
