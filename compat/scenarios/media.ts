// Media and tables in history rows, as the dashboard's media API lists them.
import assert from 'node:assert/strict';
import { TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { ok, type Scenario } from '../scenario.ts';

interface Media { step: number; key: string; type: string; files: Array<{ path: string; url: string }>; caption?: string; artifact?: { url: string } | null; values?: number[]; bins?: number[] }

export const media: Scenario = {
  name: 'media',
  rows: ['wandb.Image in history (file uploaded, caption kept)', 'wandb.Table with an image column', 'wandb.Histogram in history'],
  async run(s, row) {
    const { out } = await s.python('media.py');
    const list = async (): Promise<Media[]> => {
      ok(out.log, 'logging media');
      const { status, body } = await s.api<{ media: Media[] }>(`runs/admin/${s.project}/media1/media`);
      assert.equal(status, 200, JSON.stringify(body));
      return body.media;
    };
    await row(this.rows[0], async () => {
      const image = (await list()).find((m) => m.key === 'picture');
      assert.ok(image, 'no media value for key "picture"');
      assert.equal(image.type, 'image-file');
      assert.equal(image.caption, 'red');
      const png = await fetch(image.files[0].url, { headers: { authorization: `Bearer ${TEST_KEY}` } });
      assert.equal(png.status, 200);
      assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47], 'the image file is a PNG');
    });
    await row(this.rows[1], async () => {
      const table = (await list()).find((m) => m.key === 'scores');
      assert.ok(table, 'no media value for key "scores"');
      assert.equal(table.type, 'table-file');
      const file = await fetch(table.files[0].url, { headers: { authorization: `Bearer ${TEST_KEY}` } });
      const data = await file.json() as { columns: string[]; data: unknown[][] };
      assert.deepEqual(data.columns, ['name', 'score', 'thumb']);
      assert.deepEqual(data.data.map((r) => r.slice(0, 2)), [['a', 1.5], ['b', 2.5]]);
      assert.ok(table.artifact, 'the table\'s run-table artifact (holding its images) was never committed');
    });
    await row(this.rows[2], async () => {
      const histogram = (await list()).find((m) => m.key === 'spread');
      assert.ok(histogram, 'no media value for key "spread"');
      assert.equal(histogram.type, 'histogram');
      assert.equal(histogram.values?.reduce((a, b) => a + b, 0), 6, 'the histogram counts 6 values');
    });
  },
};
