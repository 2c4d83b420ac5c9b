import { Command } from 'commander';

export function previewCommand(): Command {
  return new Command('preview').description('(being written)').action(() => {
    throw new Error('sextant sweep preview: not written yet');
  });
}
