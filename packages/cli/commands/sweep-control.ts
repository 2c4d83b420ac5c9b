// `sextant sweep FILE` creates a sweep on the server, like `wandb sweep`; `sextant sweep
// pause|resume|stop|cancel ID` change its state, like `wandb sweep --pause` etc.
import { Command } from 'commander';
import { loadSweepConfig } from '@sextant/sweeps';
import { readInput } from './read-file.ts';
import { byPosition, formatViolation } from './violations.ts';
import { addServerOptions, graphql, orExit, serverFrom, type ServerOptions } from './connection.ts';
import { locateSweep } from './sweep-path.ts';

const CREATE = `mutation UpsertSweep($config: String, $entityName: String, $projectName: String, $displayName: String) {
  upsertSweep(input: {config: $config, entityName: $entityName, projectName: $projectName, displayName: $displayName}) {
    sweep { name project { name entity { name } } } configValidationWarnings } }`;
const SET_STATE = `mutation UpsertSweep($id: ID, $state: String, $entityName: String, $projectName: String) {
  upsertSweep(input: {id: $id, state: $state, entityName: $entityName, projectName: $projectName}) { sweep { name state } } }`;

/** Creates the sweep and prints its ID and how to run it; returns ENTITY/PROJECT/ID, or undefined for an invalid config. */
export async function createSweep(file: string, options: ServerOptions & { project?: string; entity?: string; name?: string }): Promise<string | undefined> {
  const text = readInput(file, 'sweep config');
  const { config, violations } = loadSweepConfig(text);
  if (!config) {
    process.stderr.write(`${violations.sort(byPosition).map((v) => formatViolation(file, v)).join('\n')}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const server = serverFrom(options);
  process.stdout.write(`Creating sweep from: ${file}\n`);
  const data = await graphql<{ upsertSweep: { sweep: { name: string; project: { name: string; entity: { name: string } } }; configValidationWarnings: string[] } }>(
    server, CREATE, { config: text, entityName: options.entity ?? null, projectName: options.project ?? config.project ?? null, displayName: options.name ?? null });
  const { sweep, configValidationWarnings } = data.upsertSweep;
  for (const warning of configValidationWarnings) process.stdout.write(`warning: ${warning}\n`);
  const path = `${sweep.project.entity.name}/${sweep.project.name}/${sweep.name}`;
  process.stdout.write(`Creating sweep with ID: ${sweep.name}\nView sweep at: ${server.url}/${sweep.project.entity.name}/${sweep.project.name}/sweeps/${sweep.name}\n` +
    `Run sweep agent with: sextant agent ${path}   (or: wandb agent ${path})\n`);
  return path;
}

export function stateCommand(name: string, state: string, what: string): Command {
  return addServerOptions(new Command(name))
    .description(what)
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .action(async (sweep: string, options: ServerOptions) => {
      const server = serverFrom(options);
      const path = await orExit(locateSweep(server, sweep));
      const data = await graphql<{ upsertSweep: { sweep: { name: string; state: string } } }>(server, SET_STATE,
        { id: path.id, state, projectName: path.project, entityName: path.entity });
      process.stdout.write(`sweep ${data.upsertSweep.sweep.name} is now ${data.upsertSweep.sweep.state}\n`);
    });
}
