import { describePostgres } from '../support/postgres.js';
import { testCommandSuite } from './test-command-suite.js';

// --database: throwaway databases created on the server and dropped afterwards.
describePostgres('retort test --database on PostgreSQL', (adminUrl) => {
  testCommandSuite(adminUrl);
});
