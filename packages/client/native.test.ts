// The native client's paths from the route declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routes } from '@sextant/protocol';
import { routePath } from './native.ts';

test('a route path fills its parameters (encoded) and appends the query values given', () => {
  assert.equal(routePath(routes.runConsole, { entity: 'a', project: 'p q', run: 'r/1' }, { from: 5, limit: undefined }), '/api/v1/runs/a/p%20q/r%2F1/console?from=5');
  assert.equal(routePath(routes.viewer), '/api/v1/viewer');
  assert.throws(() => routePath(routes.getRun, { entity: 'a' }), /GET \/api\/v1\/runs\/:entity\/:project\/:run: no value for :project/);
});
