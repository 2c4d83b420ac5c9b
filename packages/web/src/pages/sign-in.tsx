// Sign in with an API key (the one `sextant server` printed on its first start, or one from
// `sextant keys create`); it is checked against the server, then kept in this browser.
import { useState, type FormEvent } from 'react';
import { api, session } from '../api.ts';

export function SignInPage({ onSignIn }: { onSignIn: (entity: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError('');
    try {
      const viewer = await api<{ username: string; entity: string }>('/api/v1/viewer', {}, key.trim());
      session.signIn(key.trim());
      onSignIn(viewer.entity);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="page sign-in">
      <h1>Sign in to Sextant</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" autoFocus value={key} onChange={(e) => setKey(e.target.value)} placeholder="40-character key" />
        <button className="primary" type="submit" disabled={key.trim() === ''}>Sign in</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <p className="muted">The server prints the admin's key on its first start; more keys: <code>npm start -- keys create --user NAME</code>. The key stays in this browser's local storage.</p>
    </div>
  );
}
