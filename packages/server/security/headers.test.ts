// Every answer carries the browser protections; the dashboard's page a policy that allows what it
// does (packages/web's browser tests fail on any violation) and nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../testing/test-app.ts';
import { authHeader } from '../testing/server-process.ts';
import { DASHBOARD_CSP } from '../web.ts';

test('dashboard, API, GraphQL, run files, errors: nosniff, no framing, no referrer, a Content-Security-Policy', async () => {
  const { app } = await testApp();
  const auth = { authorization: authHeader() };
  await app.inject({ method: 'PUT', url: '/storage/admin/p/r/page.html', headers: auth, payload: '<script>alert(1)</script>' });
  const answers = {
    dashboard: await app.inject({ method: 'GET', url: '/admin/p' }),
    api: await app.inject({ method: 'GET', url: '/api/v1/viewer', headers: auth }),
    graphql: await app.inject({ method: 'POST', url: '/graphql', headers: auth, payload: { query: '{ viewer { id } }' } }),
    'run file': await app.inject({ method: 'GET', url: '/storage/admin/p/r/page.html', headers: auth }),
    401: await app.inject({ method: 'GET', url: '/api/v1/viewer' }),
    404: await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: auth }),
    400: await app.inject({ method: 'GET', url: '/api/v1/runs/admin/a%3Ab', headers: auth }),
  };
  for (const [what, answer] of Object.entries(answers)) {
    assert.equal(answer.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(answer.headers['x-frame-options'], 'DENY', what);
    assert.equal(answer.headers['referrer-policy'], 'no-referrer', what);
    assert.match(String(answer.headers['content-security-policy']), /frame-ancestors 'none'/, what);
  }
  assert.equal(answers['run file'].headers['content-type'], 'application/octet-stream');
  assert.match(String(answers.api.headers['content-security-policy']), /^default-src 'none'/);
  // The page itself when the dashboard is built; the 503 that says it is not built is plain data.
  const page = answers.dashboard;
  assert.equal(page.headers['content-security-policy'], page.statusCode === 200 ? DASHBOARD_CSP : answers.api.headers['content-security-policy']);
  assert.match(DASHBOARD_CSP, /script-src 'self';/);
  assert.doesNotMatch(DASHBOARD_CSP, /script-src[^;]*unsafe/, 'no inline or eval scripts');
  assert.match(DASHBOARD_CSP, /img-src 'self' blob:;/);
});
