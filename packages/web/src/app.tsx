// The shell: header with breadcrumbs, theme switch and sign-out, and the page for the URL.
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, session } from './api.ts';
import { href, useRoute, type Route } from './route.ts';
import { Link } from './link.tsx';
import { LiveProject } from './live.tsx';
import { NotFound } from './not-found.tsx';
import { UserMenu } from './user-menu.tsx';
import { useTheme } from './theme.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { HomePage } from './pages/home.tsx';
import { ProjectPage } from './pages/project.tsx';
import { RunPage } from './pages/run.tsx';
import { ComparePage } from './pages/compare.tsx';
import { ArtifactsPage } from './pages/artifacts.tsx';
import { ArtifactPage } from './pages/artifact.tsx';
import { AuthorizePage } from './pages/authorize.tsx';

// The sweep page brings ECharts; it loads on first use, keeping the other pages' download small.
const SweepPage = lazy(async () => ({ default: (await import('./pages/sweep.tsx')).SweepPage }));
// The new-sweep page brings the sweeps library (config checks, search) and its YAML parser.
const NewSweepPage = lazy(async () => ({ default: (await import('./pages/new-sweep.tsx')).NewSweepPage }));

export function App() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  const [viewer, setViewer] = useState<string | null | undefined>(session.key() ? undefined : null);
  const [unreachable, setUnreachable] = useState('');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => session.onSignOut(() => setViewer(null)), []);
  useEffect(() => {
    if (viewer !== undefined) return;
    // A rejected key signs out (api() does it); any other failure leaves the key and offers a retry.
    api<{ entity: string }>('/api/v1/viewer').then((v) => setViewer(v.entity), (e: Error) => setUnreachable(session.key() ? e.message : ''));
  }, [viewer, attempt]);
  const checking = unreachable
    ? <p className="page error">Cannot check your key: {unreachable} <button onClick={() => { setUnreachable(''); setAttempt(attempt + 1); }}>Retry</button></p>
    : <p className="page muted">Checking your key…</p>;

  return (
    <>
      <header className="top">
        <Link className="brand" href="/">Sextant</Link>
        <Breadcrumbs route={route} />
        <span className="spacer" />
        <button onClick={toggleTheme} aria-label="switch theme">{theme === 'dark' ? 'Light' : 'Dark'} theme</button>
        {viewer && <UserMenu viewer={viewer} />}
      </header>
      <main>
        {viewer === null ? <SignInPage onSignIn={setViewer} /> : viewer === undefined ? checking : (
          <LiveProject entity={'entity' in route ? route.entity : undefined} project={'project' in route ? route.project : undefined}>
            <Page route={route} viewer={viewer} theme={theme} />
          </LiveProject>
        )}
      </main>
    </>
  );
}

function Page({ route, viewer, theme }: { route: Route; viewer: string; theme: string }) {
  switch (route.page) {
    case 'home': return <HomePage entity={route.entity ?? viewer} />;
    case 'authorize': return <AuthorizePage />;
    case 'project': return <ProjectPage key={`${route.entity}/${route.project}`} entity={route.entity} project={route.project} theme={theme} />;
    case 'run': return <RunPage key={route.run} entity={route.entity} project={route.project} run={route.run} theme={theme} />;
    case 'compare': return <ComparePage entity={route.entity} project={route.project} runs={route.runs} theme={theme} />;
    case 'sweep': return (
      <Suspense fallback={<p className="page muted">Loading…</p>}>
        <SweepPage key={route.sweep} entity={route.entity} project={route.project} sweep={route.sweep} theme={theme} />
      </Suspense>
    );
    case 'new-sweep': return (
      <Suspense fallback={<p className="page muted">Loading…</p>}>
        <NewSweepPage key={`${route.entity}/${route.project}`} entity={route.entity} project={route.project} />
      </Suspense>
    );
    case 'artifacts': return <ArtifactsPage entity={route.entity} project={route.project} />;
    case 'artifact': return <ArtifactPage key={`${route.entity}/${route.project}/${route.name}`} entity={route.entity} project={route.project} name={route.name} ref={route.ref} />;
    case 'missing': return <NotFound message={`The dashboard has no page at ${route.path}.`} />;
  }
}

function Breadcrumbs({ route }: { route: Route }) {
  if (route.page === 'missing' || !('entity' in route) || !route.entity) return null;
  return (
    <nav className="crumbs" aria-label="breadcrumbs">
      <Link href={`/${encodeURIComponent(route.entity)}`}>{route.entity}</Link>
      {'project' in route && <>/<Link href={href.project(route.entity, route.project)}>{route.project}</Link></>}
      {route.page === 'run' && <>/<span>runs/{route.run}</span></>}
      {route.page === 'sweep' && <>/<span>sweeps/{route.sweep}</span></>}
      {route.page === 'new-sweep' && <>/<span>new sweep</span></>}
      {route.page === 'compare' && <>/<span>compare</span></>}
      {route.page === 'artifacts' && <>/<span>artifacts</span></>}
      {route.page === 'artifact' && <>/<Link href={href.artifacts(route.entity, route.project)}>artifacts</Link>/<span>{route.name}{route.ref ? `:${route.ref}` : ''}</span></>}
    </nav>
  );
}
