// /authorize: where `wandb login --host URL` sends a signed-in user for a key. It lists the user's
// keys (by their first characters: only hashes are kept), creates one and shows its text once,
// with the line to paste, and revokes keys.
import { useEffect, useState } from 'react';
import { api } from '../api.ts';

interface ApiKey {
  id: number;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export function AuthorizePage() {
  const [keys, setKeys] = useState<ApiKey[] | undefined>();
  const [created, setCreated] = useState<string | undefined>();
  const [error, setError] = useState('');
  const load = (): void => {
    api<{ keys: ApiKey[] }>('/api/v1/keys').then((r) => setKeys(r.keys), (e: Error) => setError(e.message));
  };
  useEffect(load, []);
  const act = (work: Promise<unknown>): void => {
    setError('');
    work.then(load, (e: Error) => setError(e.message));
  };
  const create = (): void => act(api<{ key: string }>('/api/v1/keys', { method: 'POST' }).then((r) => setCreated(r.key)));
  const revoke = (id: number): void => act(api(`/api/v1/keys/${id}`, { method: 'DELETE' }));
  return (
    <div className="page">
      <div className="page-head"><h1>API keys</h1><button className="primary" onClick={create}>Create key</button></div>
      {created && (
        <div data-testid="new-key">
          <p>Your new key (shown only now):</p>
          <p><code>{created}</code></p>
          <p className="muted">Paste it where <code>wandb login</code> asks for it, or run <code>wandb login --host {location.origin} {created}</code></p>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {!keys ? <p className="muted">Loading keys…</p> : (
        <table className="plain" data-testid="keys">
          <thead><tr><th>Key</th><th>Created</th><th>State</th><th /></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td><code>{k.prefix}…</code></td>
                <td>{k.createdAt}</td>
                <td>{k.revokedAt ? `revoked ${k.revokedAt}` : 'valid'}</td>
                <td>{!k.revokedAt && <button onClick={() => revoke(k.id)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
