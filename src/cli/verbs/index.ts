import type { Command } from 'commander';
import { register as init } from './init.js';
import { register as revision } from './revision.js';
import { register as upgrade } from './upgrade.js';
import { register as downgrade } from './downgrade.js';
import { register as current } from './current.js';
import { register as stamp } from './stamp.js';
import { register as merge } from './merge.js';
import { register as heads } from './heads.js';
import { register as branches } from './branches.js';
import { register as history } from './history.js';
import { register as show } from './show.js';
import { register as lint } from './lint.js';
import { register as check } from './check.js';
import { register as pull } from './pull.js';
import { register as edit } from './edit.js';
import { register as log } from './log.js';
import { register as graph } from './graph.js';
import { register as erd } from './erd.js';

/** Every verb, in the order `retort --help` lists them. One line per verb file. */
export function registerVerbs(program: Command): void {
  init(program);
  revision(program);
  upgrade(program);
  downgrade(program);
  current(program);
  stamp(program);
  merge(program);
  heads(program);
  branches(program);
  history(program);
  show(program);
  edit(program);
  log(program);
  lint(program);
  check(program);
  pull(program);
  graph(program);
  erd(program);
}
