// Run file names come from clients; they must stay inside the run's folder.
import { RequestError } from '../errors.ts';

export function checkFileName(name: string): void {
  const problem =
    name === '' ? 'is empty'
      : name.includes('\0') ? 'contains a NUL character'
        : name.includes('\\') ? 'contains a backslash'
          : name.startsWith('/') ? 'is absolute'
            : name.split('/').some((part) => part === '..' || part === '.' || part === '') ? "has an empty, '.' or '..' segment"
              : name.length > 1024 ? 'is longer than 1024 characters'
                : undefined;
  if (problem) throw new RequestError(`file name ${JSON.stringify(name.slice(0, 100))} ${problem}`);
}
