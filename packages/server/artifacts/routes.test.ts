// Uploads over a real socket: a client that disconnects mid-upload leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { authHeader, startServerProcess } from '../testing/server-process.ts';
import { FILES, httpArtifactClient } from '../testing/artifact-client.ts';

test('an interrupted upload is never stored, and the same URL works afterwards', async () => {
  const server = await startServerProcess();
  try {
    const { gql } = httpArtifactClient(server.url);
    const bytes = Buffer.alloc(4 * 1024 * 1024, 7);
    const md5 = createHash('md5').update(bytes).digest('base64');
    const created = await gql(`mutation { createArtifact(input: {projectName: "p", artifactTypeName: "dataset", artifactCollectionNames: ["d"], digest: "${'a'.repeat(32)}"}) { artifact { id } } }`);
    const id = created.data.createArtifact.artifact.id;
    const url = (await gql(FILES, { storageLayout: 'V2', artifactFiles: [{ artifactID: id, name: 'big.bin', md5 }] })).data.createArtifactFiles.files.edges[0].node.uploadUrl;

    // Half the bytes, then the connection drops.
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': bytes.length } });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, bytes.length / 2), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });
    const incoming = join(server.dataDir, 'artifacts', 'incoming');
    for (let i = 0; i < 50 && existsSync(incoming) && readdirSync(incoming).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(existsSync(incoming) ? readdirSync(incoming) : [], [], 'the temporary file is removed');
    const hex = Buffer.from(md5, 'base64').toString('hex');
    assert.equal(existsSync(join(server.dataDir, 'artifacts', 'admin', hex.slice(0, 2), hex)), false);
    const again = await gql(FILES, { storageLayout: 'V2', artifactFiles: [{ artifactID: id, name: 'big.bin', md5 }] });
    assert.notEqual(again.data.createArtifactFiles.files.edges[0].node.uploadUrl, null, 'the server does not claim to have the bytes');

    assert.equal((await fetch(url, { method: 'PUT', body: bytes })).status, 200);
    assert.equal(existsSync(join(server.dataDir, 'artifacts', 'admin', hex.slice(0, 2), hex)), true);
  } finally {
    await server.stop();
  }
});

test('over a real socket, an upload above --max-artifact-file-gb gets 413 and keeps nothing', async () => {
  const server = await startServerProcess(undefined, ['--max-artifact-file-gb', '0.000001']);
  try {
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return (await response.json() as { data: any }).data;
    };
    const bytes = Buffer.alloc(64 * 1024, 1);
    const md5 = createHash('md5').update(bytes).digest('base64');
    const id = (await gql(`mutation { createArtifact(input: {projectName: "p", artifactTypeName: "dataset", artifactCollectionNames: ["d"], digest: "${'a'.repeat(32)}"}) { artifact { id } } }`)).createArtifact.artifact.id;
    const url = (await gql(FILES, { storageLayout: 'V2', artifactFiles: [{ artifactID: id, name: 'big.bin', md5 }] })).createArtifactFiles.files.edges[0].node.uploadUrl;
    const response = await fetch(url, { method: 'PUT', body: bytes });
    assert.equal(response.status, 413);
    assert.match((await response.json() as { errors: Array<{ message: string }> }).errors[0].message, /larger than the server's limit of 1073 bytes/);
    assert.deepEqual(readdirSync(join(server.dataDir, 'artifacts', 'incoming')), []);
  } finally {
    await server.stop();
  }
});

