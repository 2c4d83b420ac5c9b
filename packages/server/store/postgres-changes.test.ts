import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINES_NOTIFY_GAP_MS, linesNotifier } from './postgres-changes.ts';
import type { ProjectRef } from './sql.ts';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('appended lines are notified at once, then at most once a gap per project while they keep coming, the last write always', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: string[] = [];
  const notifier = linesNotifier(async ({ project }) => void sent.push(project));
  const a: ProjectRef = { entity: 'alice', project: 'a' };
  const b: ProjectRef = { entity: 'alice', project: 'b' };
  notifier.linesWritten(a);
  notifier.linesWritten(a);
  notifier.linesWritten(b);
  notifier.linesWritten(a);
  assert.deepEqual(sent, ['a', 'b'], 'the first of each project at once');
  await settled();
  t.mock.timers.tick(LINES_NOTIFY_GAP_MS - 1);
  assert.deepEqual(sent, ['a', 'b']);
  t.mock.timers.tick(1);
  assert.deepEqual(sent, ['a', 'b', 'a'], 'a project written to during the gap once more after it; b was not');
  await settled();
  t.mock.timers.tick(LINES_NOTIFY_GAP_MS);
  await settled();
  assert.deepEqual(sent, ['a', 'b', 'a'], 'nothing written since');
  notifier.linesWritten(a);
  assert.deepEqual(sent, ['a', 'b', 'a', 'a'], 'after a quiet gap, at once again');
  notifier.close();
});

test('a notification that fails is dropped without an unhandled rejection, and the project is notified again on its next write', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let calls = 0;
  const notifier = linesNotifier(async () => {
    calls++;
    throw new Error('connection lost');
  });
  const a: ProjectRef = { entity: 'alice', project: 'a' };
  notifier.linesWritten(a);
  await settled();
  t.mock.timers.tick(LINES_NOTIFY_GAP_MS);
  notifier.linesWritten(a);
  assert.equal(calls, 2);
  notifier.close();
  notifier.linesWritten(a);
  assert.equal(calls, 2, 'nothing once closed');
});

test('a project written to while its notification is still being sent is notified again after the gap', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: string[] = [];
  let delivered = (): void => {};
  const notifier = linesNotifier(({ project }) => {
    sent.push(project);
    return new Promise<void>((resolve) => (delivered = resolve));
  });
  const a: ProjectRef = { entity: 'alice', project: 'a' };
  notifier.linesWritten(a);
  notifier.linesWritten(a);
  t.mock.timers.tick(LINES_NOTIFY_GAP_MS);
  assert.deepEqual(sent, ['a'], 'the gap starts once the first was sent');
  delivered();
  await settled();
  t.mock.timers.tick(LINES_NOTIFY_GAP_MS);
  assert.deepEqual(sent, ['a', 'a'], 'the last write is notified');
  delivered();
  notifier.close();
});
