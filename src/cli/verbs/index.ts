import type { Command } from 'commander';
import { register as init } from './init.js';
import { register as upgrade } from './upgrade.js';
import { register as downgrade } from './downgrade.js';
import { register as current } from './current.js';
import { register as stamp } from './stamp.js';

/** Every verb, in the order `retort --help` lists them. One line per verb file. */
export function registerVerbs(program: Command): void {
  init(program);
  upgrade(program);
  downgrade(program);
  current(program);
  stamp(program);
}
