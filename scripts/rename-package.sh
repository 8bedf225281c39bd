#!/usr/bin/env bash
# Renames the npm package (the import specifier and the name you install) everywhere at once;
# the command stays `retort`. Idempotent: running it again changes nothing.
#
#   scripts/rename-package.sh [NEW_NAME]      # default: retort-pg
#
# What it changes, in every file git tracks (not itself, not package-lock.json's dependencies):
#   - package.json / package-lock.json: the package's own "name";
#   - imports: from 'retort' / 'retort/…', import('retort'), require('retort') in src (the
#     templates of generated files), examples, docs, README, tests and bench;
#   - the aliases that map the package name to this package (jiti in the config, declaration and
#     migration loaders; the config fast path's `id === 'retort'`);
#   - `npm install [-D] retort` and `node_modules/retort` in docs, tests and bench.
# Run `npm install` afterwards only if you also changed dependencies; the lockfile name is edited.
set -euo pipefail
cd "$(dirname "$0")/.."
new=${1:-retort-pg}
if ! [[ "$new" =~ ^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$ ]]; then
  echo "not an npm package name: $new" >&2
  exit 2
fi
[ "$new" = retort ] && { echo "the name is already retort" >&2; exit 0; }

# The package's own name (package.json, and the two places in package-lock.json).
node --input-type=module - "$new" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
const name = process.argv[2];
const edit = (file, fn) => {
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text);
  fn(data);
  const out = `${JSON.stringify(data, null, 2)}\n`;
  if (out !== text) writeFileSync(file, out);
};
edit('package.json', (p) => { if (p.name === 'retort') p.name = name; });
edit('package-lock.json', (l) => {
  if (l.name === 'retort') l.name = name;
  if (l.packages?.['']?.name === 'retort') l.packages[''].name = name;
});
JS

export NEW_NAME="$new"
git ls-files -z -- '*.ts' '*.js' '*.mjs' '*.cjs' '*.md' '*.sh' '*.json' ':!package-lock.json' \
  ':!package.json' ':!scripts/rename-package.sh' |
  xargs -0 perl -pi -e '
    my $n = $ENV{NEW_NAME};
    s{(\bfrom\s+)([\x27"])retort(?=[\x27"/])}{$1$2$n}g;
    s{(\b(?:import|require)\(\s*)([\x27"])retort(?=[\x27"/])}{$1$2$n}g;
    s{(\balias:\s*\{\s*)retort:}{$1\x27$n\x27:}g;
    s{(\bid === )\x27retort\x27}{$1\x27$n\x27}g;
    s{(\bnpm (?:install|i|add)(?: -D| --save-dev)? )retort(?![-\w.])}{$1$n}g;
    s{\bnode_modules/retort(?![-\w])}{node_modules/$n}g;
  '
echo "renamed the package to $new (the command is still retort)"
