// Requests the server cannot honour must not vanish: run.alert(), an unknown mutation.
import assert from 'node:assert/strict';
import { ok, type Scenario } from '../scenario.ts';

export const signals: Scenario = {
  name: 'signals',
  rows: ['run.alert() is kept, or refused with an error', 'an unknown GraphQL mutation answers an error naming it'],
  async run(s, row) {
    const { out, stderr } = await s.python('signals.py');
    await row(this.rows[0], async () => {
      const alert = out.alert;
      assert.ok(alert, 'the script never reached run.alert()');
      const run = await s.run('alerting');
      const kept = JSON.stringify(run).includes('loss diverged');
      const refused = /alert/i.test(`${alert.error ?? ''}${stderr}`) && /not supported|unsupported|error/i.test(`${alert.error ?? ''}${stderr}`);
      assert.ok(kept || refused, 'the alert is neither on the run nor refused with an error: it was dropped silently');
    });
    await row(this.rows[1], () => {
      const unknown = ok(out.unknown, 'the raw mutation');
      assert.match(String(unknown.raised), /frobnicateRun/, `expected an error naming frobnicateRun, got ${JSON.stringify(unknown)}`);
    });
  },
};
