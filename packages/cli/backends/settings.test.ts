import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSettings, readLaunchSection } from './settings.ts';

test('the launch: section: keys read into settings; flags win over it, it wins over the defaults', () => {
  const { settings, problems } = readLaunchSection({ backend: 'slurm', jobs: 8, gpus_per_agent: 1, memory: '16G', time: '04:00:00', sbatch: ['--account=ml'], agent_command: 'srun sextant' });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { backend: 'slurm', jobs: 8, gpusPerAgent: 1, memory: '16G', time: '04:00:00', sbatch: ['--account=ml'], agentCommand: ['srun', 'sextant'] });
  assert.deepEqual(mergeSettings({ jobs: 3, sbatch: [], memory: undefined }, settings), { ...settings, jobs: 3 });
  assert.deepEqual(mergeSettings({ sbatch: [] }, {}), { backend: 'local', jobs: 2, sbatch: [] });
});

test('the launch: section: every problem named by its key', () => {
  assert.deepEqual(readLaunchSection({ backend: 'lsf', jobs: 0, gpu: 1, sbatch: '--qos=x', partition: ['a'] }).problems, [
    'launch.backend: must be one of local, slurm, ray, kubernetes (got "lsf")',
    'launch.jobs: must be an integer > 0 (got 0)',
    'launch.gpu: unknown key (known: backend, jobs, gpus_per_agent, cpus_per_agent, memory, time, partition, sbatch, ray_address, python, image, namespace, secret, agent_command)',
    'launch.sbatch: must be a list of strings, e.g. ["--account=ml"]',
    'launch.partition: must be a string',
  ]);
  assert.deepEqual(readLaunchSection([1]).problems, ['launch: must be a mapping, e.g. {backend: slurm, jobs: 8}']);
});
