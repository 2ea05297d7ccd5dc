/** Every subcommand, in the order `cp2ij --help` lists them. Each module exports `register(program)`. */
import type { Command } from 'commander';
import { register as inspect } from './inspect.js';

const registrations: Array<(program: Command) => void> = [inspect];

export function registerAll(program: Command): void {
  for (const register of registrations) register(program);
}
