// The Kubernetes backend: an indexed Job whose pods each run an agent, the key from a Secret (one
// launch creates, or --secret NAME), resources from the settings; applied with kubectl, the
// manifests on its standard input (never on a command line). Ctrl-C once sends SIGINT to the
// agents of running pods (they drain); twice deletes the Job (its pods get SIGTERM).
import type { IJob } from 'kubernetes-models/batch/v1';
import type { ISecret } from 'kubernetes-models/v1';
import { execFile } from 'node:child_process';
import { agentArgv, type AgentPlan, type Fleet } from './fleet.ts';
import type { LaunchSettings } from './settings.ts';
import { run } from './run-command.ts';

export type KubernetesSettings = Pick<LaunchSettings, 'image' | 'namespace' | 'secret' | 'gpusPerAgent' | 'cpusPerAgent' | 'memory'>;

/** The key a dry run shows instead of the real one. */
export const KEY_PLACEHOLDER = 'REPLACE-WITH-YOUR-API-KEY';

/** The Secret (unless the settings name one) and the Job; `showKey` false puts a placeholder in the Secret. */
export function kubernetesManifests(plan: AgentPlan, settings: KubernetesSettings, showKey: boolean): Array<ISecret | IJob> {
  const name = `sextant-${plan.sweepId}`;
  const labels = { 'app.kubernetes.io/name': 'sextant-agent', 'sextant.dev/sweep': plan.sweepId };
  const namespace = settings.namespace ? { namespace: settings.namespace } : {};
  const secretName = settings.secret ?? `${name}-key`;
  const limits: Record<string, string> = {
    ...(settings.cpusPerAgent ? { cpu: String(settings.cpusPerAgent) } : {}),
    ...(settings.memory ? { memory: settings.memory } : {}),
    ...(settings.gpusPerAgent ? { 'nvidia.com/gpu': String(settings.gpusPerAgent) } : {}),
  };
  const job: IJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels, ...namespace },
    spec: {
      completionMode: 'Indexed',
      completions: plan.jobs,
      parallelism: plan.jobs,
      backoffLimit: plan.jobs,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'agent',
            image: settings.image!,
            command: agentArgv(plan),
            env: [
              { name: 'WANDB_BASE_URL', value: plan.server.url },
              { name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { name: secretName, key: 'WANDB_API_KEY' } } },
            ],
            ...(Object.keys(limits).length > 0 ? { resources: { requests: limits, limits } } : {}),
          }],
        },
      },
    },
  };
  if (settings.secret) return [job];
  const secret: ISecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: secretName, labels, ...namespace },
    stringData: { WANDB_API_KEY: showKey ? plan.server.key : KEY_PLACEHOLDER },
  };
  return [secret, job];
}

/** The manifests as one kubectl-ready JSON List. */
export const manifestList = (manifests: Array<ISecret | IJob>): string => `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }, null, 2)}\n`;

interface JobStatus {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

export async function applyKubernetes(plan: AgentPlan, settings: KubernetesSettings): Promise<Fleet> {
  if (!settings.image) throw new Error('--image (or launch.image) is required: a container image with sextant (or wandb) and your program');
  const ns = settings.namespace ? [`--namespace=${settings.namespace}`] : [];
  await run('kubectl', [...ns, 'apply', '-f', '-'], { input: manifestList(kubernetesManifests(plan, settings, true)) });
  const job = `job/sextant-${plan.sweepId}`;
  const ended = new Promise<boolean>((resolve) => {
    const watch = async (): Promise<void> => {
      const text = await run('kubectl', [...ns, 'get', job, '-o', 'json', '--ignore-not-found']).catch(() => undefined);
      if (text === '') return resolve(false); // deleted (Ctrl-C twice)
      const conditions = text ? ((JSON.parse(text) as JobStatus).status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type) : [];
      if (conditions.includes('Complete') || conditions.includes('Failed')) return resolve(conditions.includes('Complete'));
      setTimeout(() => void watch(), 2000);
    };
    void watch();
  });
  const kubectl = (args: string[]): Promise<string> => run('kubectl', [...ns, ...args]).catch(() => '');
  return {
    size: plan.jobs,
    note: `Kubernetes ${job}${settings.namespace ? ` in namespace ${settings.namespace}` : ''} (${plan.jobs} pods); their output: kubectl logs -l sextant.dev/sweep=${plan.sweepId}`,
    followsOutput: false,
    drain: () => void kubectl(['get', 'pods', '-l', `sextant.dev/sweep=${plan.sweepId}`, '--field-selector=status.phase=Running', '-o', 'name'])
      .then((pods) => pods.split('\n').filter(Boolean).forEach((pod) => execFile('kubectl', [...ns, 'exec', pod, '--', 'kill', '-INT', '1'], () => undefined))),
    cancel: () => void kubectl(['delete', job, '--wait=false']),
    ended,
  };
}
