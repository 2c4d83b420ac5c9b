#!/usr/bin/env node
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { sweepCommand } from './commands/sweep.ts';
import { serverCommand } from './commands/server.ts';
import { keysCommand, usersCommand } from './commands/keys.ts';
import { agentCommand } from './commands/agent.ts';
import { launchCommand } from './commands/launch.ts';
import { psCommand } from './commands/ps.ts';
import { cancelCommand, stopCommand } from './commands/sweep-stop.ts';
import { loginCommand, whoamiCommand } from './commands/login.ts';
import { bestCommand } from './commands/best.ts';
import { initCommand } from './commands/init.ts';
import { deleteCommand } from './commands/delete.ts';

const program = new Command('sextant')
  .description('Self-hosted hyperparameter sweeps and experiment tracking for wandb users.')
  .version((JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string }).version)
  .showHelpAfterError()
  .addHelpText('after', `
Examples:
  $ sextant server                      start the server on http://127.0.0.1:8080
  $ sextant sweep validate sweep.yaml   check a sweep config, with file:line:col for each problem
  $ sextant sweep preview sweep.yaml    print the runs agents would get, without a server`);

program.addCommand(initCommand());
program.addCommand(serverCommand());
program.addCommand(sweepCommand());
program.addCommand(agentCommand());
program.addCommand(launchCommand());
program.addCommand(psCommand());
program.addCommand(bestCommand());
program.addCommand(stopCommand());
program.addCommand(cancelCommand());
program.addCommand(deleteCommand());
program.addCommand(loginCommand());
program.addCommand(whoamiCommand());
program.addCommand(keysCommand());
program.addCommand(usersCommand());

await program.parseAsync(process.argv);
