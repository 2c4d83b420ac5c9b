// End to end over real HTTP: a server process, artifacts logged with the legacy client's requests,
// then read back through the native API (docs/api.md), media references included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeader, startServerProcess } from '../testing/server-process.ts';
import { httpArtifactClient, logArtifact } from '../testing/artifact-client.ts';

test('native API: artifacts by type, versions with aliases, files with download URLs, lineage, a run\'s artifacts, media in history', async () => {
  const server = await startServerProcess();
  try {
    const auth = { authorization: authHeader() };
    const client = httpArtifactClient(server.url);
    const api = async (path: string) => {
      const response = await fetch(`${server.url}/api/v1${path}`, { headers: auth });
      return { status: response.status, body: await response.json() as any };
    };
    for (const run of ['r1', 'r2']) await client.gql(`mutation { upsertBucket(input: {name: "${run}", modelName: "proj", displayName: "${run}"}) { bucket { id } } }`);
    await logArtifact(client, { 'model.pt': 'v0 weights', 'cfg.json': '{}' }, { aliases: ['best'] });
    await logArtifact(client, { 'model.pt': 'v1 weights', 'cfg.json': '{}' });
    await logArtifact(client, { 'tbl.table.json': '{"columns": ["a"], "data": [[1]]}' }, { name: 'run-r1-tbl', type: 'run_table', clientId: 'tableclient' });
    const v0 = (await api('/artifacts/admin/proj/model/v0')).body;
    await client.gql(`mutation { useArtifact(input: {entityName: "admin", projectName: "proj", runName: "r2", artifactID: "${v0.id}"}) { artifact { id } } }`);

    const byType = (await api('/artifacts/admin/proj')).body.types;
    assert.deepEqual(Object.keys(byType).sort(), ['model', 'run_table']);
    assert.deepEqual(byType.model.map((s: any) => [s.name, s.versionCount]), [['model', 2]]);
    assert.deepEqual(Object.keys((await api('/artifacts/admin/proj?type=run_table')).body.types), ['run_table']);
    const versions = (await api('/artifacts/admin/proj/model')).body;
    assert.deepEqual(versions.versions.map((v: any) => [v.version, v.aliases]), [['v1', ['latest']], ['v0', ['best']]]);
    assert.deepEqual([versions.type, versions.versions[0].metadata, versions.versions[0].size, versions.versions[0].fileCount], ['model', { acc: 0.9 }, 12, 2]);

    const best = (await api('/artifacts/admin/proj/model/best')).body;
    assert.equal(best.version, 'v0');
    assert.deepEqual(best.lineage, { loggedBy: { entity: 'admin', project: 'proj', id: 'r1', name: 'r1' }, usedBy: [{ entity: 'admin', project: 'proj', id: 'r2', name: 'r2' }] });
    for (const file of best.files) {
      const download = await fetch(file.url);
      assert.equal(download.status, 200);
      assert.equal(await download.text(), file.path === 'model.pt' ? 'v0 weights' : '{}', 'signed URLs need no key');
    }
    assert.deepEqual([best.files.map((f: any) => [f.path, f.size]), best.nextCursor], [[['cfg.json', 2], ['model.pt', 10]], null]);
    const page = (await api('/artifacts/admin/proj/model/best?limit=1')).body;
    assert.deepEqual([page.files.map((f: any) => f.path), page.nextCursor], [['cfg.json'], '1']);
    assert.deepEqual((await api(`/artifacts/admin/proj/model/best?limit=1&cursor=${page.nextCursor}`)).body.files.map((f: any) => f.path), ['model.pt']);
    const runArtifacts = (await api('/runs/admin/proj/r2/artifacts')).body;
    assert.deepEqual([runArtifacts.logged, runArtifacts.used.map((v: any) => `${v.entity}/${v.project}/${v.name}:${v.version}`)], [[], ['admin/proj/model:v0']]);
    assert.equal((await api('/runs/admin/proj/r1/artifacts')).body.logged.length, 3);
    assert.equal((await api('/artifacts/admin/proj/model/v9')).status, 404);
    assert.equal((await api('/artifacts/admin/proj/nothing')).status, 404);

    // A history row as 0.16 writes it for wandb.Image and wandb.Table; the image bytes are a run file.
    const files = (await client.gql('mutation { createRunFiles(input: {entityName: "admin", projectName: "proj", runName: "r1", files: ["media/images/img_0_abc.png"]}) { files { name uploadUrl } } }')).data;
    assert.equal((await client.put(files.createRunFiles.files[0].uploadUrl, 'png bytes')).statusCode, 200);
    const row = {
      _step: 0, loss: 1,
      img: { _type: 'image-file', path: 'media/images/img_0_abc.png', sha256: 'abc', size: 9, format: 'png', width: 6, height: 8, caption: 'cap' },
      tbl: { _type: 'table-file', path: 'media/table/tbl_0_def.table.json', ncols: 1, nrows: 1, artifact_path: 'wandb-client-artifact://tableclient/tbl.table.json' },
      hist: { _type: 'histogram', values: [1, 2], bins: [0, 1, 2] },
      imgs: { _type: 'images/separated', width: 4, height: 4, format: 'png', count: 2, filenames: ['media/images/imgs_0_a.png', 'media/images/imgs_0_b.png'] },
    };
    await fetch(`${server.url}/files/admin/proj/r1/file_stream`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ files: { 'wandb-history.jsonl': { offset: 0, content: [JSON.stringify(row)] } } }) });
    const media = (await api('/runs/admin/proj/r1/media?step=0')).body.media;
    assert.deepEqual(media.map((m: any) => [m.key, m.type]), [['img', 'image-file'], ['tbl', 'table-file'], ['hist', 'histogram'], ['imgs', 'images/separated']]);
    assert.deepEqual(media[3].files.map((f: any) => f.url.replace(server.url, '')), ['/storage/admin/proj/r1/media/images/imgs_0_a.png', '/storage/admin/proj/r1/media/images/imgs_0_b.png']);
    const image = await fetch(media[0].files[0].url, { headers: auth });
    assert.equal(await image.text(), 'png bytes');
    assert.deepEqual([media[0].caption, media[0].width], ['cap', 6]);
    assert.deepEqual([media[1].artifact.name, media[1].artifact.version, media[1].artifact.path], ['run-r1-tbl', 'v0', 'tbl.table.json']);
    assert.equal(await (await fetch(media[1].artifact.url)).text(), '{"columns": ["a"], "data": [[1]]}');
    assert.deepEqual(media[2].bins, [0, 1, 2]);
    assert.deepEqual((await api('/runs/admin/proj/r1/media?key=img')).body.media.map((m: any) => m.key), ['img']);
    assert.equal((await api('/runs/admin/proj/r1/media?step=x')).status, 400);
  } finally {
    await server.stop();
  }
});
