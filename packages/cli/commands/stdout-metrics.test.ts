import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricStream, parseMetricLine } from './stdout-metrics.ts';

test('metric lines: name=value pairs or a JSON object; anything else is not a metric', () => {
  assert.deepEqual(parseMetricLine('epoch=2 loss=0.25, ok=true'), { epoch: 2, loss: 0.25, ok: true });
  assert.deepEqual(parseMetricLine(' {"acc": 0.9} '), { acc: 0.9 });
  for (const text of ['training done', 'loss=abc', 'loss = 0.3', '[1, 2]', '{not json', '']) assert.equal(parseMetricLine(text), undefined, text);
});

test('flushes go one at a time: a flush while the last is in flight, or after it failed, writes at the right offsets and steps', async () => {
  const bodies: Array<{ files: Record<string, { offset: number; content: string[] }>; complete?: boolean }> = [];
  let answer = 0;
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const n = answer++;
      // The first request is slow, the second fails, the rest succeed.
      setTimeout(() => {
        if (n === 1) return response.writeHead(503).end();
        bodies.push(JSON.parse(text));
        response.end('{}');
      }, n === 0 ? 200 : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const stream = new MetricStream({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, key: 'k' }, 'e', 'p', 'r');
    stream.add({ loss: 1 });
    stream.add({ loss: 2 });
    const slow = stream.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    stream.add({ loss: 3 });
    const failing = stream.flush();
    stream.add({ loss: 4 });
    await slow;
    await assert.rejects(failing, /503/);
    await stream.flush({ exitcode: 0 });
    const history = bodies.map((b) => [b.files['wandb-history.jsonl'].offset, b.files['wandb-history.jsonl'].content.map((l) => [JSON.parse(l)._step, JSON.parse(l).loss])]);
    assert.deepEqual(history, [[0, [[0, 1], [1, 2]]], [2, [[2, 3], [3, 4]]]]);
    assert.equal(bodies[1].complete, true);
  } finally {
    server.close();
  }
});
