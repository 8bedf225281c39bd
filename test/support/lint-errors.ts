import { runBinary } from './cli.js';

/** Error-level findings of `retort lint` over every revision of the project in `dir`. */
export function lintErrors(dir: string): string[] {
  const result = runBinary(['lint', '--json'], { cwd: dir });
  const report = JSON.parse(result.stdout) as {
    diagnostics: { severity: string; code: string; rule: string; file: string }[];
  };
  return report.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file}: ${d.code} ${d.rule}`);
}
