// The argv an agent runs for one suggestion: the sweep's `command` with its macros expanded (docs/protocol/sweeps.md#command-macros),
// and the files it hands to the run (docs/protocol/agents.md#running-a-suggestion).
import type { Json, RunConfig } from '../types.ts';
import { pythonJsonDumps, pythonNumber, pythonStr } from './python.ts';

export const DEFAULT_COMMAND: Json[] = ['${env}', '${interpreter}', '${program}', '${args}'];

export interface CommandInput {
  command?: Json[];
  program?: string;
  args: RunConfig;
  /** The agent's environment, for ${envvar:NAME}. */
  env: Record<string, string | undefined>;
  /** Where the ${args_json_file} file is written (see paramFilePaths). */
  argsJsonFile?: string;
  platform?: string;
}

/** Expands the command template into argv; no shell is involved, so spaces stay inside arguments. */
export function renderCommand(input: CommandInput): string[] {
  const template = Array.isArray(input.command) ? input.command : DEFAULT_COMMAND;
  const argv: string[] = [];
  for (const element of template) {
    const text = substituteEnvVars(typeof element === 'string' ? element : pythonStr(element), input.env);
    const macro = /^\$\{(.*)\}$/.exec(text);
    if (macro) argv.push(...expandMacro(macro[1], input));
    else argv.push(text);
  }
  return argv;
}

/** Whether the command asks for the JSON args file, which agents write only then. */
export function usesArgsJsonFile(command: Json[] | undefined): boolean {
  return Array.isArray(command) && command.includes('${args_json_file}');
}

/** `${envvar:NAME}` anywhere in an element; an unset variable leaves its bare NAME (as W&B does). */
function substituteEnvVars(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{envvar:([A-Z0-9_]*)\}/g, (_, name: string) => env[name] ?? name);
}

function expandMacro(name: string, input: CommandInput): string[] {
  const entries = Object.entries(input.args).map(([key, wrapped]) => [key, wrapped.value] as [string, Json]);
  const each = (format: (key: string, value: string) => string): string[] => entries.map(([k, v]) => format(k, pythonStr(v)));
  switch (name) {
    case 'env':
      return (input.platform ?? 'linux') === 'win32' ? [] : ['/usr/bin/env'];
    case 'interpreter':
      return ['python'];
    case 'program':
      return [input.program ?? ''];
    case 'args':
      return each((k, v) => `--${k}=${v}`);
    case 'args_no_hyphens':
      return each((k, v) => `${k}=${v}`);
    case 'args_no_boolean_flags':
      return entries.filter(([, v]) => v !== false).map(([k, v]) => (v === true ? `--${k}` : `--${k}=${pythonStr(v)}`));
    case 'args_no_equals':
      return entries.flatMap(([k, v]) => [`--${k}`, pythonStr(v)]);
    case 'args_append_hydra':
      return each((k, v) => `+${k}=${v}`);
    case 'args_override_hydra':
      return each((k, v) => `++${k}=${v}`);
    case 'args_json':
      return [argsJson(input.args)];
    case 'args_json_file':
      return input.argsJsonFile ? [input.argsJsonFile] : [];
    default:
      return [];
  }
}

/** The `{param: value}` JSON of ${args_json} and of the args JSON file. */
export function argsJson(args: RunConfig): string {
  return pythonJsonDumps(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value])));
}

/**
 * The parameter file wandb.init reads in a sweep run: a version line, a blank line, then each
 * parameter as `name:\n  value: ...`. Values are written in flow style that PyYAML (YAML 1.1)
 * reads back exactly: floats always carry a '.', strings are double-quoted.
 */
export function paramFileYaml(args: RunConfig): string {
  const lines = Object.entries(args).map(([key, wrapped]) => `${yamlKey(key)}:\n  value: ${yamlFlow(wrapped.value)}`);
  return `wandb_version: 1\n\n${lines.join('\n')}\n`;
}

const YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null|~)$/i;

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) && !YAML11_WORDS.test(key) ? key : JSON.stringify(key);
}

function yamlFlow(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    const text = pythonNumber(value);
    return /e/.test(text) && !text.includes('.') ? text.replace('e', '.0e') : text;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${yamlFlow(v)}`).join(', ')}}`;
}

/** Where the agent writes a run's parameter files, under WANDB_DIR. */
export function paramFilePaths(wandbDir: string, sweepId: string, runId: string): { yaml: string; json: string } {
  const base = `${wandbDir.replace(/\/+$/, '')}/wandb/sweep-${sweepId}/config-${runId}`;
  return { yaml: `${base}.yaml`, json: `${base}.json` };
}
