import { Command, InvalidArgumentError } from 'commander';
import { positiveNumber } from './numbers.ts';
import { startServer } from '@sextant/server';

export function serverCommand(): Command {
  return new Command('server')
    .description('Start the Sextant server: the wandb client logs runs to it when WANDB_BASE_URL points here.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 8080)
    .option('--data-dir <dir>', 'where the database and run files live', './sextant-data')
    .option('--database <url>', 'database URL: postgres://USER@HOST:PORT/DB (several servers may share one) or sqlite:PATH (default: sqlite:<data-dir>/sextant.db)')
    .option('--store <url>', 'the same as --database')
    .option('--external-url <url>', 'the URL clients use to reach this server, for upload URLs (default: from each request)')
    .option('--crash-after <seconds>', 'mark a running run crashed after this long without a request', positiveNumber, 300)
    .option('--agent-timeout <seconds>', 'mark a sweep agent dead, and its runs crashed, after this long without a heartbeat', positiveNumber, 60)
    .option('--max-request-mb <mb>', 'largest request body, after gzip decompression', positiveNumber, 64)
    .option('--max-file-mb <mb>', 'largest run file upload', positiveNumber, 1024)
    .option('--max-artifact-file-gb <gb>', 'largest artifact file upload (streamed to disk)', positiveNumber, 1024)
    .option('--key-cache <seconds>', 'how long a checked API key is remembered (a revoked key works this much longer)', nonNegative, 5)
    .option('--no-warm-up', 'listen at once, without first answering 200 simulated agents on a scratch store, which makes the first crowd of real agents find the code compiled')
    .addHelpText('after', `
On the first start an admin user and an API key are created and printed once, with the lines to
give to wandb. Set SEXTANT_BOOTSTRAP_API_KEY (40 characters) to choose that key instead.

Example:
  $ sextant server --port 8080 --data-dir ~/sextant
  $ WANDB_BASE_URL=http://127.0.0.1:8080 WANDB_API_KEY=<key> python train.py`)
    .action(async (options: { host: string; port: number; dataDir: string; database?: string; store?: string; externalUrl?: string; crashAfter: number; agentTimeout: number; maxRequestMb: number; maxFileMb: number; maxArtifactFileGb: number; keyCache: number; warmUp: boolean }) => {
      const server = await startServer({
        host: options.host, port: options.port, dataDir: options.dataDir, database: options.database ?? options.store,
        externalUrl: options.externalUrl, crashAfterMs: options.crashAfter * 1000, agentTimeoutMs: options.agentTimeout * 1000, bootstrapKey: process.env.SEXTANT_BOOTSTRAP_API_KEY,
        bodyLimit: options.maxRequestMb * 1024 * 1024, fileLimit: options.maxFileMb * 1024 * 1024, authCacheMs: options.keyCache * 1000,
        artifactFileLimit: Math.floor(options.maxArtifactFileGb * 1024 ** 3), warmUp: options.warmUp,
      });
      process.stdout.write(`Sextant is listening on ${server.url} (data in ${options.dataDir})\n`);
      if (server.adminKey && process.env.SEXTANT_BOOTSTRAP_API_KEY) {
        // Whoever set the key knows it; logs of this output must not.
        process.stdout.write('Created user "admin" with the API key given in SEXTANT_BOOTSTRAP_API_KEY\n');
      } else if (server.adminKey) {
        process.stdout.write(`\nCreated user "admin" with API key ${server.adminKey}\nIt is shown only once. Point wandb at this server with either:\n` +
          `  wandb login --host ${server.url} ${server.adminKey}\n  export WANDB_BASE_URL=${server.url} WANDB_API_KEY=${server.adminKey}\n\n`);
      }
      const stop = (): void => {
        server.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function nonNegative(text: string): number {
  const n = Number(text);
  if (!(n >= 0)) throw new InvalidArgumentError('expected a number >= 0');
  return n;
}
