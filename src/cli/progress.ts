import type { RunEvent } from '../runner/run-plan.js';

const formatMs = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

/**
 * Prints one line per migration to stderr as it finishes, and on a TTY (not in CI) a live line
 * for a migration that runs longer than half a second.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  onEvent(event: RunEvent): void;
  stop(): void;
} {
  const live = stream.isTTY === true && !process.env['CI'];
  let timer: ReturnType<typeof setInterval> | undefined;
  let shown = false;
  const clear = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (shown) stream.write('\r\u001b[2K');
    shown = false;
  };
  return {
    onEvent(event) {
      const verb = (step: { direction: 'up' | 'down' }): string =>
        step.direction === 'up' ? 'upgrade' : 'downgrade';
      if (event.type === 'step-start' && live) {
        const started = Date.now();
        const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
        let frame = 0;
        timer = setInterval(() => {
          const elapsed = Date.now() - started;
          if (elapsed < 500) return;
          shown = true;
          stream.write(
            `\r\u001b[2K${frames[frame++ % frames.length]} ${verb(event.step)} ${event.step.revision.id} (${event.index + 1}/${event.total}) ${formatMs(elapsed)}`,
          );
        }, 100);
        timer.unref();
      } else if (event.type === 'step-done') {
        clear();
        stream.write(
          `${verb(event.step)} ${event.step.revision.id}  ${event.step.revision.message}  (${event.statements} statement${event.statements === 1 ? '' : 's'}, ${formatMs(event.durationMs)})\n`,
        );
      } else if (event.type === 'retry') {
        clear();
        stream.write(
          `lock_timeout on ${event.step.revision.id}: retrying in ${formatMs(event.waitMs)} (attempt ${event.attempt + 1})\n`,
        );
      } else if (event.type === 'orphan') {
        clear();
        const o = event.orphan;
        stream.write(
          `${event.action === 'terminate' ? 'Terminating' : 'Waiting for'} the backend of another run, still executing a half-done migration (pid ${o.pid}, run ${o.runId}, revision ${o.revision}, ${o.state || 'alive'}${o.queryStart ? ` since ${o.queryStart}` : ''}): ${o.query.replace(/\s+/g, ' ').slice(0, 120)}\n`,
        );
      }
    },
    stop: clear,
  };
}

export { formatMs };
