import { Command } from 'commander';

export function validateCommand(): Command {
  return new Command('validate').description('(being written)').action(() => {
    throw new Error('sextant sweep validate: not written yet');
  });
}
