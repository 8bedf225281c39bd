import type { Command } from 'commander';
import { registerMigrateVerb } from './upgrade.js';

export function register(program: Command): void {
  registerMigrateVerb(program, 'down');
}
