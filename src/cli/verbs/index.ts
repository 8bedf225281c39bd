import type { Command } from 'commander';
import { register as init } from './init.js';

/** Every verb, in the order `retort --help` lists them. One line per verb file. */
export function registerVerbs(program: Command): void {
  init(program);
}
