import { Command } from 'commander';

export function serverCommand(): Command {
  return new Command('server').description('(being written)').action(() => {
    throw new Error('sextant server: not written yet');
  });
}
