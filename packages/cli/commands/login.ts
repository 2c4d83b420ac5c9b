// `sextant login [--host URL] [KEY]` checks a key against the server and saves the host and key
// where both wandb and sextant look (the netrc file and the wandb settings file, as `wandb login
// --host` does), or the key in a key file of your own; `sextant whoami` shows who a key is.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { call, routes, ServerError, type Answer } from '@sextant/client';
import { addServerOptions, serverFrom, serverUrl, type Server, type ServerOptions } from './connection.ts';
import { writeKeyFile, writeNetrcKey, writeSettingsBaseUrl } from './credentials.ts';

/** Who the key belongs to; exits 1 when the server refuses it and 2 when it cannot be reached. */
async function viewer(server: Server): Promise<Answer<typeof routes.viewer>> {
  try {
    return await call(server, routes.viewer);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    const why = error.status === undefined ? error.message
      : error.status === 401 ? `the server at ${server.url} does not accept this API key`
      : `${server.url}/api/v1/viewer answered HTTP ${error.status}; is this a Sextant server?`;
    process.stderr.write(`sextant: ${why}\n`);
    process.exit(error.status === undefined ? 2 : 1);
  }
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Check an API key and save it with the server address, for sextant and for the wandb client.')
    .argument('[key]', 'the API key (default: read from standard input, so it stays off the command line)')
    .option('--host <url>', 'the Sextant server (default: $WANDB_BASE_URL, else the last login\'s host, else http://127.0.0.1:8080)')
    .option('--key-file <file>', 'save the key in this file (mode 0600) instead of ~/.netrc; then pass --key-file or set SEXTANT_API_KEY_FILE')
    .addHelpText('after', `
The key goes into ~/.netrc (or $NETRC) as "machine HOST / login user / password KEY", like
\`wandb login --host\` writes it, and the host into the wandb settings file
(~/.config/wandb/settings, or $WANDB_CONFIG_DIR/settings) as base_url, so that the wandb client,
\`wandb agent\` and sextant all reach this server without WANDB_BASE_URL or WANDB_API_KEY.

Examples:
  $ sextant login --host http://127.0.0.1:8080 <key>
  $ sextant login --host http://gpu-box:8080 --key-file ~/.sextant-key < key.txt`)
    .action(async (keyArgument: string | undefined, options: { host?: string; keyFile?: string }) => {
      const url = serverUrl({ host: options.host });
      const key = (keyArgument ?? readFileSync(0, 'utf8')).trim();
      if (!key) {
        process.stderr.write('sextant: no API key given (pass it as an argument or on standard input)\n');
        process.exitCode = 2;
        return;
      }
      const who = await viewer({ url, key });
      const keyPlace = options.keyFile ?? writeNetrcKey(url, key);
      if (options.keyFile) writeKeyFile(options.keyFile, key);
      const settings = writeSettingsBaseUrl(url);
      process.stdout.write(`Logged in to ${url} as ${who.username} (entity ${who.entity}).\nKey saved in ${keyPlace}, host in ${settings}.\n`);
    });
}

export function whoamiCommand(): Command {
  return addServerOptions(new Command('whoami'))
    .description('Show which server and user your API key reaches (exit code 1 when the server refuses it).')
    .action(async (options: ServerOptions) => {
      const server = serverFrom(options);
      const who = await viewer(server);
      process.stdout.write(`${who.username} (entity ${who.entity}) at ${server.url}\n`);
    });
}
