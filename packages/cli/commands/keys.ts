import { Command } from 'commander';
import { newApiKey, registerKey } from '@sextant/server';
import { withStore, type StoreOptions } from './store-access.ts';

/** Where the server keeps its users: its data directory's SQLite file, or its --database. */
function storeOptions(command: Command): Command {
  return command.option('--data-dir <dir>', 'the server\'s data directory', './sextant-data')
    .option('--database <url>', 'the server\'s --database, e.g. postgres://USER@HOST:PORT/DB')
    .option('--store <url>', 'the same as --database');
}

export function keysCommand(): Command {
  const keys = new Command('keys').description('Create, list and revoke API keys (stored hashed; a key is shown once).')
    .addHelpText('after', `
Examples:
  $ sextant keys create --user alice     prints a new 40-character key for alice
  $ sextant keys list --user alice
  $ sextant keys revoke 3 --user alice`);
  storeOptions(keys.command('create').description('Create a key for a user and print it (only now).')
    .option('--user <name>', 'the key\'s owner', 'admin'))
    .action(async (o: StoreOptions & { user: string }) => withStore(o, async (store) => {
      const user = await store.findUser(o.user);
      if (!user) return fail(`no user ${o.user}; create it with: sextant users create ${o.user}`);
      const key = newApiKey();
      await registerKey(store, user, key);
      process.stdout.write(`${key}\n`);
    }));
  storeOptions(keys.command('list').description('List a user\'s keys (prefix, creation, revocation).')
    .option('--user <name>', 'whose keys', 'admin'))
    .action(async (o: StoreOptions & { user: string }) => withStore(o, async (store) => {
      const user = await store.findUser(o.user);
      if (!user) return fail(`no user ${o.user}`);
      for (const k of await store.listApiKeys(user.id)) {
        process.stdout.write(`${k.id}\t${k.prefix}…\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}\n`);
      }
    }));
  storeOptions(keys.command('revoke').description('Revoke a key by the id `keys list` shows.').argument('<id>', 'key id')
    .option('--user <name>', 'the key\'s owner', 'admin'))
    .action(async (id: string, o: StoreOptions & { user: string }) => withStore(o, async (store) => {
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
  storeOptions(users.command('create').description('Create a user and print a first API key.').argument('<name>', 'username (letters, digits, "-", "_")')
    .option('--admin', 'make the user an administrator'))
    .action(async (name: string, o: StoreOptions & { admin?: boolean }) => withStore(o, async (store) => {
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
