import { runBinary, runCli, type CliRun } from './cli.js';

function errorsOf(result: CliRun): string[] {
  const report = JSON.parse(result.stdout) as {
    diagnostics: { severity: string; code: string; rule: string; file: string }[];
  };
  return report.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file}: ${d.code} ${d.rule}`);
}

/** Error-level findings of `retort lint` over every revision of the project in `dir`. */
export function lintErrors(dir: string): string[] {
  return errorsOf(runBinary(['lint', '--json'], { cwd: dir }));
}

/** {@link lintErrors} with the CLI run in this process (`runCli`): no Node start per call. */
export async function lintErrorsInProcess(dir: string): Promise<string[]> {
  return errorsOf(await runCli(['lint', '--json'], { cwd: dir }));
}
