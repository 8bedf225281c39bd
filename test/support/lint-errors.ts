import { runBinary, runCli } from './cli.js';

/** The error-level findings of a `retort lint --json` report. */
function errorsOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as {
    diagnostics: { severity: string; code: string; rule: string; file: string }[];
  };
  return report.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file}: ${d.code} ${d.rule}`);
}

/** Error-level findings of `retort lint` over every revision of the project in `dir`. */
export function lintErrors(dir: string): string[] {
  return errorsOf(runBinary(['lint', '--json'], { cwd: dir }).stdout);
}

/** {@link lintErrors}, the CLI run in this process ({@link runCli}). */
export async function lintErrorsInProcess(dir: string): Promise<string[]> {
  return errorsOf((await runCli(['lint', '--json'], { cwd: dir })).stdout);
}
