// The Kubernetes backend's manifests checked against the Kubernetes API schemas (the validators
// the kubernetes-models package compiles from the OpenAPI spec, offline), and launch applying them
// through a stand-in kubectl that records what it was given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { Secret } from 'kubernetes-models/v1';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { ISecret } from 'kubernetes-models/v1';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';
import { cli } from '../testing/cli.ts';
import { KEY_PLACEHOLDER, kubernetesManifests } from './kubernetes.ts';
import type { AgentPlan } from './fleet.ts';

/** Throws with the schema's complaint when a manifest is not a valid Job or Secret. */
function validate(manifest: ISecret | IJob): void {
  if (manifest.kind === 'Job') new Job(manifest as IJob).validate();
  else new Secret(manifest as ISecret).validate();
}

const PLAN: AgentPlan = { server: { url: 'http://sextant.example:8080', key: 'k-123' }, sweep: 'team/mnist/ab12cd34', sweepId: 'ab12cd34', jobs: 4, poll: 5, logDir: 'sextant-data/logs/ab12cd34', workDir: '/', agentCommand: ['sextant'] };

test('the Secret and the indexed Job are valid Kubernetes objects: agents as pods, the key from the Secret, resources from the settings', () => {
  const [secret, job] = kubernetesManifests(PLAN, { image: 'registry.example/train:1', namespace: 'ml', gpusPerAgent: 1, cpusPerAgent: 4, memory: '16Gi' }, true) as [ISecret, IJob];
  validate(secret);
  validate(job);
  assert.deepEqual(secret.stringData, { WANDB_API_KEY: 'k-123' });
  assert.equal(job.spec!.completionMode, 'Indexed');
  assert.deepEqual([job.spec!.completions, job.spec!.parallelism], [4, 4]);
  const container = job.spec!.template.spec!.containers[0];
  assert.deepEqual(container.command, ['sextant', 'agent', 'team/mnist/ab12cd34', '--poll', '5', '--log-dir', 'sextant-data/logs/ab12cd34']);
  assert.deepEqual(container.env, [
    { name: 'WANDB_BASE_URL', value: 'http://sextant.example:8080' },
    { name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { name: secret.metadata!.name, key: 'WANDB_API_KEY' } } },
  ]);
  assert.deepEqual(container.resources!.limits, { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' });
  assert.ok(!JSON.stringify(job).includes('k-123'));
  assert.deepEqual([secret.metadata!.namespace, job.metadata!.namespace], ['ml', 'ml']);
});

test('with --secret only the Job, reading the named Secret; the schema check catches a broken manifest', () => {
  const manifests = kubernetesManifests({ ...PLAN, wandbAgent: true, count: 3 }, { image: 'img', secret: 'team-key' }, false);
  assert.equal(manifests.length, 1);
  const job = manifests[0] as IJob;
  validate(job);
  const container = job.spec!.template.spec!.containers[0];
  assert.deepEqual(container.command, ['wandb', 'agent', '--count', '3', 'team/mnist/ab12cd34']);
  assert.equal(container.resources, undefined);
  assert.throws(() => validate({ ...job, spec: { ...job.spec!, completions: 'four' as unknown as number } }), /completions must be integer/);
  assert.throws(() => validate({ ...job, spec: { ...job.spec!, completionMode: 'Ordered' as 'Indexed' } }), /completionMode must be equal to one of the allowed values/);
});

test('launch --backend kubernetes --dry-run prints valid manifests with no key, asking no server; without --dry-run the manifests go to kubectl on its standard input', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-k8s-'));
  writeFileSync(join(dir, 'sweep.yaml'), 'method: grid\nparameters: {x: {values: [1, 2]}}\nlaunch: {backend: kubernetes, image: "registry.example/train:1", gpus_per_agent: 1}\n');
  // Nothing listens on port 9: a dry run must not need the server.
  const dry = await cli({ ...process.env, WANDB_DIR: dir, WANDB_BASE_URL: 'http://127.0.0.1:9', WANDB_API_KEY: TEST_KEY })('launch', 'sweep.yaml', '--dry-run', '--jobs', '3', '--project', 'mnist');
  assert.equal(dry.code, 0, dry.out);
  const list = JSON.parse(dry.out) as { kind: string; items: Array<ISecret | IJob> };
  assert.equal(list.kind, 'List');
  list.items.forEach(validate);
  assert.deepEqual(list.items.map((m) => m.kind), ['Secret', 'Job']);
  assert.deepEqual((list.items[0] as ISecret).stringData, { WANDB_API_KEY: KEY_PLACEHOLDER });
  assert.ok(!dry.out.includes(TEST_KEY));
  assert.equal((list.items[1] as IJob).spec!.completions, 3);

  // A stand-in kubectl: records its arguments and standard input; the Job it is asked about has completed.
  writeFileSync(join(dir, 'kubectl'), `#!/bin/sh\necho "$*" >> ${dir}/kubectl.args\ncase "$*" in *apply*) cat > ${dir}/kubectl.stdin ;; *get*) echo '{"status":{"conditions":[{"type":"Complete","status":"True"}]}}' ;; esac\n`);
  chmodSync(join(dir, 'kubectl'), 0o755);
  const server = await startServerProcess();
  try {
    const env = { ...process.env, WANDB_DIR: dir, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, PATH: `${dir}:${process.env.PATH}` };
    const launched = await cli(env)('launch', 'sweep.yaml', '--project', 'k8s', '--namespace', 'ml', '--plain');
    assert.equal(launched.code, 0, launched.out);
    const id = /Creating sweep with ID: (\w+)/.exec(launched.out)![1];
    assert.match(launched.out, new RegExp(`Kubernetes job/sextant-${id} in namespace ml \\(2 pods\\)`));
    const applied = JSON.parse(readFileSync(join(dir, 'kubectl.stdin'), 'utf8')) as { items: Array<ISecret | IJob> };
    applied.items.forEach(validate);
    assert.deepEqual((applied.items[0] as ISecret).stringData, { WANDB_API_KEY: TEST_KEY });
    const args = readFileSync(join(dir, 'kubectl.args'), 'utf8');
    assert.match(args, /^--namespace=ml apply -f -\n--namespace=ml get job\/sextant-\w+ -o json --ignore-not-found\n/);
    assert.ok(!args.includes(TEST_KEY));
  } finally {
    await server.stop();
  }
});
