/**
 * Role names the migration files grant to, revoke from or hand ownership to (`GRANT … TO a, b`,
 * `REVOKE … FROM a`, `OWNER TO a`), in SQL and in TypeScript (`op.execute` text, `op.grant`,
 * `op.revoke`, `op.createPolicy`): the replay's
 * scratch database creates them (NOLOGIN) first, since migrations reference roles they do not
 * create. A superset is harmless: an extra role changes nothing the schema model compares.
 *
 * @example
 * await rolesInMigrations(['/p/migrations/0001_init.sql']); // ['app_reader']
 */
export async function rolesInMigrations(paths: readonly string[]): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => '')));
  return rolesInSql(texts.join('\n;\n'));
}

/**
 * Role names an SQL text (migrations, a dump) grants to, revokes from, hands ownership to or
 * names in a policy's `TO` list; `PUBLIC` and the `CURRENT_USER` family are no roles.
 *
 * @example
 * rolesInSql('GRANT SELECT ON t TO app_reader, "Auditors";'); // ['Auditors', 'app_reader']
 */
export function rolesInSql(text: string): string[] {
  const role = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
  const patterns = [
    new RegExp(String.raw`\bGRANT\s[^;]*?\bTO\s+(${role}(?:\s*,\s*${role})*)`, 'gi'),
    new RegExp(String.raw`\bREVOKE\s[^;]*?\bFROM\s+(${role}(?:\s*,\s*${role})*)`, 'gi'),
    new RegExp(String.raw`\bOWNER\s+TO\s+(${role})`, 'gi'),
    new RegExp(String.raw`\bCREATE\s+POLICY\s[^;]*?\bTO\s+(${role}(?:\s*,\s*${role})*)`, 'gi'),
  ];
  const special = new Set(['PUBLIC', 'CURRENT_USER', 'SESSION_USER', 'CURRENT_ROLE', 'GROUP']);
  const found = new Set<string>();
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern))
      for (const raw of m[1]!.split(/\s*,\s*/)) {
        const name = raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw;
        if (!raw.startsWith('"') && special.has(name.toUpperCase())) continue;
        found.add(raw.startsWith('"') ? name : name.toLowerCase());
      }
  for (const name of rolesInOpCalls(text)) found.add(name);
  return [...found].sort();
}

/**
 * Role names of TypeScript op calls: the grantees of `op.grant` / `op.revoke` and the `roles`
 * of `op.createPolicy` (names as written: op names are never case-folded).
 */
function rolesInOpCalls(text: string): string[] {
  const str = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
  const list = String.raw`(${str}|\[[^\]]*\])`;
  const patterns = [
    new RegExp(
      String.raw`\bop\.(?:grant|revoke)\(\s*(?:${str}|\[[^\]]*\])\s*,\s*${str}\s*,\s*${str}\s*,\s*${list}`,
      'g',
    ),
    new RegExp(String.raw`\bop\.createPolicy\([^;]*?\broles:\s*${list}`, 'g'),
  ];
  const out: string[] = [];
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern))
      for (const q of m[1]!.matchAll(new RegExp(str, 'g'))) {
        const name = q[0].slice(1, -1).replace(/\\(.)/g, '$1');
        const upper = name.toUpperCase();
        if (!['PUBLIC', 'CURRENT_USER', 'SESSION_USER', 'CURRENT_ROLE'].includes(upper))
          out.push(name);
      }
  return out;
}
