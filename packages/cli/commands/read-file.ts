// Reads a file named on the command line; a missing or unreadable file ends the command with a clear message.
import { readFileSync } from 'node:fs';

export function readInput(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    process.stderr.write(`sextant: cannot read ${what} ${file}: ${reason}\n`);
    process.exit(2);
  }
}
