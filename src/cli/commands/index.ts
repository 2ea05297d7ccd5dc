/** Every subcommand, in the order `cp2ij --help` lists them. Each module exports `register(program)`. */
import type { Command } from 'commander';
import { register as exportCommand } from './export.js';
import { register as importCommand } from './import.js';
import { register as inspect } from './inspect.js';
import { register as macro } from './macro.js';
import { register as plugin } from './plugin.js';

const registrations: Array<(program: Command) => void> = [exportCommand, importCommand, inspect, macro, plugin];

export function registerAll(program: Command): void {
  for (const register of registrations) register(program);
}
