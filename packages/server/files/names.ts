// Names that come from clients: run file names must stay inside the run's folder, and entity,
// project, run, sweep and artifact names follow the wandb client's own rules (docs/security.md).
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

export type NameKind = 'entity' | 'project' | 'run' | 'sweep' | 'artifact';

/** The longest name of each kind (the client's limit for projects and artifacts). */
export const MAX_NAME_LENGTH = 128;
/** Characters each kind of name may not contain: the client refuses them in projects and run ids. */
const FORBIDDEN: Record<NameKind, string> = {
  entity: '/\\#?%:',
  project: '/\\#?%:',
  run: "/\\#?%:;,'",
  sweep: "/\\#?%:;,'",
  artifact: '/\\',
};

/** The problem with a name a client sent, or undefined when it is acceptable. */
export function nameProblem(kind: NameKind, name: unknown): string | undefined {
  if (typeof name !== 'string') return `must be a string, not ${name === null ? 'null' : typeof name}`;
  if (name === '') return 'is empty';
  if (name.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name === '.' || name === '..') return `is ${JSON.stringify(name)}`;
  if (name.trim() !== name) return 'starts or ends with whitespace';
  const found = [...new Set([...name].filter((c) => FORBIDDEN[kind].includes(c)))];
  if (found.length > 0) return `contains ${found.map((c) => JSON.stringify(c)).join(', ')} (not allowed: ${[...FORBIDDEN[kind]].join(' ')})`;
  return undefined;
}

/** `name` when it is a valid name of its kind; otherwise a 400 naming the kind, the name and the problem. */
export function checkName(kind: NameKind, name: unknown): string {
  const problem = nameProblem(kind, name);
  if (problem) throw new RequestError(`${kind} name ${JSON.stringify(String(name).slice(0, 100))} ${problem}`);
  return name as string;
}
