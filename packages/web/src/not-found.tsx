// What a page shows before its data: "Loading…", the error, or — when the server answered 404 (no
// such run, sweep, artifact) or 403 (another user's entity) — a not-found page with a way back.
import { ApiError } from './api.ts';
import { Link } from './link.tsx';

export interface Back {
  href: string;
  label: string;
}

export function NotFound({ title = 'Not found', message, back = { href: '/', label: 'Your projects' } }: { title?: string; message: string; back?: Back }) {
  return (
    <div className="page not-found" data-page="not-found">
      <h1>{title}</h1>
      <p>{message}</p>
      <p><Link href={back.href}>← {back.label}</Link></p>
    </div>
  );
}

export function Unloaded({ error, loading, back }: { error: Error | undefined; loading: string; back?: Back }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return <NotFound title={error.status === 403 ? 'No access' : 'Not found'} message={error.message} back={back} />;
  }
  return <div className="page">{error ? <p className="error">{error.message}</p> : <p className="muted">{loading}</p>}</div>;
}
