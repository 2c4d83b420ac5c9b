// Keys: a wrong key fails clearly and creates nothing; `wandb login` at a terminal.
import assert from 'node:assert/strict';
import { TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { openChromium } from '../../packages/web/testing/chromium.ts';
import { ok, type Scenario } from '../scenario.ts';

export const wrongKey: Scenario = {
  name: 'wrong-key',
  rows: ['a wrong API key: clear error, nothing created'],
  async run(s, row) {
    const wrong = 'wrongkey0123456789wrongkey0123456789abcd';
    const { out, code, stderr } = await s.python('wrong_key.py', [], { WANDB_API_KEY: wrong });
    await row(this.rows[0], async () => {
      const raised = String(out.init?.raised ?? out.init?.error ?? '');
      assert.ok(raised || code !== 0, 'wandb.init with a wrong key succeeded');
      assert.match(`${raised}\n${stderr}`, /api key|401|unauthori[sz]ed|credentials|permission/i, `no clear error: ${raised}\n${stderr.slice(-800)}`);
      const { body } = await s.api<{ projects: Array<{ name: string }> }>('projects');
      assert.ok(!body.projects.some((p) => p.name === s.project), 'a project was created with a wrong key');
    });
  },
};

export const login: Scenario = {
  name: 'login',
  rows: ['`wandb login --host URL`: the key link opens a page, the typed key is stored'],
  async run(s, row) {
    // WANDB_SILENT would turn the prompt off.
    const { out } = await s.python('login.py', [], { WANDB_SILENT: undefined });
    await row(this.rows[0], async () => {
      const result = ok(out.login, 'wandb login');
      assert.equal(result.exit, 0, result.transcript);
      assert.ok(result.typed, `no key prompt with a link: ${result.transcript}`);
      assert.match(String(result.netrc), new RegExp(`password ${TEST_KEY}`));
      const link = String(result.links[0]);
      assert.ok(link.startsWith(s.recorder.url), `the link ${link} is not on the server`);
      const browser = await openChromium();
      try {
        const page = await browser.context.newPage();
        await page.goto(link.replace(s.recorder.url, s.client.server.url));
        await page.waitForLoadState('networkidle');
        // A user who is not signed in to the dashboard yet signs in first, as a person would.
        const keyField = page.getByLabel('API key');
        if (await keyField.count()) {
          await keyField.fill(TEST_KEY);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('button', { name: 'user menu' }).waitFor();
          await page.waitForLoadState('networkidle');
        }
        const text = await page.locator('body').innerText();
        assert.doesNotMatch(text, /permission denied|not found/i, `the page at ${link} says: ${text.slice(0, 300)}`);
        assert.match(text, /key/i, `the page at ${link} does not tell about API keys: ${text.slice(0, 300)}`);
      } finally {
        await browser.close();
      }
    });
  },
};
