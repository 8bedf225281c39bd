import type { SchemaModel } from '../core/model/schema-model.js';

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
