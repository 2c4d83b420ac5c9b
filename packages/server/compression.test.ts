// Responses compressed for clients that accept it (brotli first, then gzip), never small ones, and
// never the live event stream, whose events must arrive one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding } from './compression.ts';
import { testApp } from './testing/test-app.ts';
import { TEST_KEY } from './testing/server-process.ts';

const auth = { authorization: `Bearer ${TEST_KEY}` };

test('the encoding follows Accept-Encoding and its q values', () => {
  assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
  assert.equal(chooseEncoding('gzip, br;q=0'), 'gzip');
  assert.equal(chooseEncoding('deflate'), undefined);
  assert.equal(chooseEncoding('*'), 'br');
  assert.equal(chooseEncoding('*;q=0, gzip'), 'gzip');
  assert.equal(chooseEncoding(undefined), undefined);
});

test('JSON answers are compressed as asked and decode to the same body; small answers and clients without Accept-Encoding get them plain', async () => {
  const { app, store } = await testApp();
  for (let i = 0; i < 60; i++) await store.upsertRun({ entity: 'admin', project: 'p', name: `run-${i}` }, { config: { lr: i / 100, optimizer: 'adam' } });
  const url = '/api/v1/runs/admin/p?limit=100';
  const plain = await app.inject({ method: 'GET', url, headers: auth });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.json().runs.length, 60);

  const br = await app.inject({ method: 'GET', url, headers: { ...auth, 'accept-encoding': 'gzip, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'accept-encoding');
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 4, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
  assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);

  const gz = await app.inject({ method: 'GET', url, headers: { ...auth, 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);

  const small = await app.inject({ method: 'GET', url: '/api/v1/viewer', headers: { ...auth, 'accept-encoding': 'br' } });
  assert.equal(small.headers['content-encoding'], undefined);
  assert.equal(small.json().username, 'admin');
});

test('the live stream is not compressed: its first event arrives while the stream stays open', { timeout: 20_000 }, async () => {
  const { app } = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live/admin/p`;
    const controller = new AbortController();
    const response = await fetch(url, { headers: { ...auth, 'accept-encoding': 'br, gzip' }, signal: controller.signal });
    assert.equal(response.headers.get('content-encoding'), null);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/^data: .+\n\n/m.test(text)) text += (await reader.read()).value;
    controller.abort();
  } finally {
    await app.close();
  }
});
