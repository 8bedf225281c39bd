import type { SchemaModel } from '../core/model/schema-model.js';
import { quoteIdent, quoteLiteral } from '../core/sql/quote.js';
import type { DatabaseClient } from './client.js';

/** Role names that are keywords in a policy's TO list, not roles to look up. */
const KEYWORDS = new Set(['public', 'current_user', 'session_user', 'current_role']);

/**
 * The roles the model's policies name. retort references roles and never creates them in a
 * user's database; only a throwaway scratch database (the declaration's normalisation) gets them,
 * so that a declaration naming `authenticated` can be read back.
 */
export function policyRoles(model: SchemaModel): string[] {
  return [...new Set(model.policies.flatMap((p) => p.roles))]
    .filter((r) => !KEYWORDS.has(r.toLowerCase()))
    .sort();
}

/** Creates the policies' roles (NOLOGIN) in a scratch database where they are missing. */
export async function createPolicyRoles(
  scratch: DatabaseClient,
  model: SchemaModel,
): Promise<void> {
  for (const role of policyRoles(model)) {
    await scratch.exec(
      `DO $retort$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN CREATE ROLE ${quoteIdent(role)} NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $retort$`,
    );
  }
}
