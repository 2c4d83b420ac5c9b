// Where and how `sextant launch` runs its agents: flags first, then the `launch:` section of the
// sweep config, then defaults. The section is checked here, each problem named by its key.
export const BACKENDS = ['local', 'slurm', 'ray', 'kubernetes'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface LaunchSettings {
  backend: Backend;
  jobs: number;
  gpusPerAgent?: number;
  cpusPerAgent?: number;
  /** Memory per agent: Slurm's --mem (e.g. 16G), Kubernetes' memory quantity (e.g. 16Gi). */
  memory?: string;
  /** Slurm time limit per agent, e.g. 04:00:00. */
  time?: string;
  partition?: string;
  /** Extra #SBATCH options, e.g. --account=ml. */
  sbatch: string[];
  rayAddress?: string;
  /** The Python that has ray installed. */
  python?: string;
  image?: string;
  namespace?: string;
  /** An existing Secret holding WANDB_API_KEY (else launch creates one). */
  secret?: string;
  /** The sextant command on the agents' machines. */
  agentCommand?: string[];
}

/** The section's keys (snake_case, as in the rest of the sweep config) and how each is read. */
const KEYS = {
  backend: 'backend', jobs: 'count', gpus_per_agent: 'count', cpus_per_agent: 'count', memory: 'text', time: 'text', partition: 'text',
  sbatch: 'texts', ray_address: 'text', python: 'text', image: 'text', namespace: 'text', secret: 'text', agent_command: 'command',
} as const;
type Key = keyof typeof KEYS;
const FIELDS: Record<Key, keyof LaunchSettings> = {
  backend: 'backend', jobs: 'jobs', gpus_per_agent: 'gpusPerAgent', cpus_per_agent: 'cpusPerAgent', memory: 'memory', time: 'time', partition: 'partition',
  sbatch: 'sbatch', ray_address: 'rayAddress', python: 'python', image: 'image', namespace: 'namespace', secret: 'secret', agent_command: 'agentCommand',
};

export type PartialSettings = { -readonly [K in keyof LaunchSettings]?: LaunchSettings[K] };

/** The `launch:` section read into settings, or the problems found (each as `launch.KEY: message`). */
export function readLaunchSection(section: unknown): { settings: PartialSettings; problems: string[] } {
  const settings: PartialSettings = {};
  const problems: string[] = [];
  if (section === undefined) return { settings, problems };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { settings, problems: ['launch: must be a mapping, e.g. {backend: slurm, jobs: 8}'] };
  for (const [key, value] of Object.entries(section)) {
    if (!(key in KEYS)) {
      problems.push(`launch.${key}: unknown key (known: ${Object.keys(KEYS).join(', ')})`);
      continue;
    }
    const read = readValue(KEYS[key as Key], value);
    if ('error' in read) problems.push(`launch.${key}: ${read.error}`);
    else (settings as Record<string, unknown>)[FIELDS[key as Key]] = read.value;
  }
  return { settings, problems };
}

function readValue(kind: (typeof KEYS)[Key], value: unknown): { value: unknown } | { error: string } {
  switch (kind) {
    case 'backend':
      return BACKENDS.includes(value as Backend) ? { value } : { error: `must be one of ${BACKENDS.join(', ')} (got ${JSON.stringify(value)})` };
    case 'count':
      return Number.isInteger(value) && (value as number) > 0 ? { value } : { error: `must be an integer > 0 (got ${JSON.stringify(value)})` };
    case 'text':
      return typeof value === 'string' && value !== '' ? { value } : typeof value === 'number' ? { value: String(value) } : { error: 'must be a string' };
    case 'texts':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? { value } : { error: 'must be a list of strings, e.g. ["--account=ml"]' };
    case 'command':
      if (typeof value === 'string' && value.trim() !== '') return { value: splitCommand(value) };
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? { value } : { error: 'must be a command: a string or a list of words' };
  }
}

export const splitCommand = (text: string): string[] => text.trim().split(/\s+/);

/** Flags over the section over defaults. */
export function mergeSettings(flags: PartialSettings, section: PartialSettings): LaunchSettings {
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return { backend: 'local', jobs: 2, sbatch: [], ...section, ...defined };
}
