// Requests the server cannot honour must not vanish: run.alert(), an unknown mutation.
import assert from 'node:assert/strict';
import { ok, type Scenario } from '../scenario.ts';

export const signals: Scenario = {
  name: 'signals',
  rows: ['run.alert() is kept with the run (title, text, level)', 'an unknown GraphQL mutation answers an error naming it'],
  async run(s, row) {
    const { out } = await s.python('signals.py');
    await row(this.rows[0], async () => {
      ok(out.alert, 'run.alert()');
      const { status, body } = await s.api<{ alerts: Array<Record<string, unknown>> }>(`runs/admin/${s.project}/alerting/alerts`);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.alerts.map((a) => [a.title, a.text, a.severity]), [['loss diverged', 'loss is 1e9', 'WARN']], 'the alert kept with the run');
    });
    await row(this.rows[1], () => {
      const unknown = ok(out.unknown, 'the raw mutation');
      assert.match(String(unknown.raised), /frobnicateRun/, `expected an error naming frobnicateRun, got ${JSON.stringify(unknown)}`);
    });
  },
};
