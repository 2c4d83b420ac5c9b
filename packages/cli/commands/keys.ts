import { Command } from 'commander';
import { newApiKey, registerKey } from '@sextant/server';
import { withStore } from './store-access.ts';

const dataDirOption = ['--data-dir <dir>', 'the server\'s data directory', './sextant-data'] as const;

export function keysCommand(): Command {
  const keys = new Command('keys').description('Create, list and revoke API keys (stored hashed; a key is shown once).')
    .addHelpText('after', `
Examples:
  $ sextant keys create --user alice     prints a new 40-character key for alice
  $ sextant keys list --user alice
  $ sextant keys revoke 3 --user alice`);
  keys.command('create').description('Create a key for a user and print it (only now).')
    .option('--user <name>', 'the key\'s owner', 'admin').option(...dataDirOption)
    .action(async (o: { user: string; dataDir: string }) => withStore(o.dataDir, async (store) => {
      const user = await store.findUser(o.user);
      if (!user) return fail(`no user ${o.user}; create it with: sextant users create ${o.user}`);
      const key = newApiKey();
      await registerKey(store, user, key);
      process.stdout.write(`${key}\n`);
    }));
  keys.command('list').description('List a user\'s keys (prefix, creation, revocation).')
    .option('--user <name>', 'whose keys', 'admin').option(...dataDirOption)
    .action(async (o: { user: string; dataDir: string }) => withStore(o.dataDir, async (store) => {
      const user = await store.findUser(o.user);
      if (!user) return fail(`no user ${o.user}`);
      for (const k of await store.listApiKeys(user.id)) {
        process.stdout.write(`${k.id}\t${k.prefix}…\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}\n`);
      }
    }));
  keys.command('revoke').description('Revoke a key by the id `keys list` shows.').argument('<id>', 'key id')
    .option('--user <name>', 'the key\'s owner', 'admin').option(...dataDirOption)
    .action(async (id: string, o: { user: string; dataDir: string }) => withStore(o.dataDir, async (store) => {
      const user = await store.findUser(o.user);
      if (!user) return fail(`no user ${o.user}`);
      if (!(await store.revokeApiKey(user.id, Number(id)))) return fail(`user ${o.user} has no active key ${id}`);
      process.stdout.write(`revoked key ${id}\n`);
    }));
  return keys;
}

export function usersCommand(): Command {
  const users = new Command('users').description('Manage users; each user\'s default entity is their username.')
    .addHelpText('after', `
Example:
  $ sextant users create alice          creates alice and prints her first API key`);
  users.command('create').description('Create a user and print a first API key.').argument('<name>', 'username (letters, digits, "-", "_")')
    .option('--admin', 'make the user an administrator').option(...dataDirOption)
    .action(async (name: string, o: { admin?: boolean; dataDir: string }) => withStore(o.dataDir, async (store) => {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return fail('a username takes 1 to 64 letters, digits, "-" or "_"');
      if (await store.findUser(name)) return fail(`user ${name} exists already`);
      const user = await store.createUser(name, o.admin === true);
      const key = newApiKey();
      await registerKey(store, user, key);
      process.stdout.write(`created user ${name}; API key (shown once): ${key}\n`);
    }));
  return users;
}

function fail(message: string): void {
  process.stderr.write(`sextant: ${message}\n`);
  process.exitCode = 1;
}
