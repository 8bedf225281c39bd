import { describePostgres, freshDatabases } from '../support/postgres.js';
import { backupRoundTrip } from './backup-suite.js';

describePostgres('retort backup / restore on PostgreSQL (pg_dump from PATH)', (adminUrl) => {
  backupRoundTrip(freshDatabases(adminUrl));
});
