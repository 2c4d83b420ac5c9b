// The native JSON API for artifacts (docs/api.md): a project's artifacts by type, a sequence's
// versions, one version's files with download URLs and its lineage, and a run's artifacts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routes, type ArtifactVersion as VersionJson, type RunRef } from '@sextant/protocol';
import type { ArtifactVersion, RunKey, Store } from '../store/store.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { artifactFileUrl } from '../artifacts/urls.ts';
import { artifactId } from '../artifacts/ids.ts';
import { serve } from './contract.ts';

export function artifactApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  serve(app, routes.listArtifacts, async ({ request, params, query }) => {
    const entity = entityFor(context(request), params.entity);
    const sequences = await store.listArtifactSequences(entity, params.project, query.type || undefined);
    const types: Record<string, typeof sequences> = {};
    for (const sequence of sequences) (types[sequence.type] ??= []).push(sequence);
    return { types };
  });

  serve(app, routes.artifactVersions, async ({ request, params, reply }) => {
    const entity = entityFor(context(request), params.entity);
    const { project, name } = params;
    const sequence = (await store.listArtifactSequences(entity, project)).find((s) => s.name === name);
    if (!sequence) return reply.code(404).send({ errors: [{ message: `no artifact ${entity}/${project}/${name}` }] });
    return { name, type: sequence.type, versions: (await store.listArtifactVersions(entity, project, name)).map(versionJson) };
  });

  serve(app, routes.artifactVersion, async ({ request, params, query, reply }) => {
    const ctx = context(request);
    const entity = entityFor(ctx, params.entity);
    const { project, name, ref } = params;
    const version = await store.resolveArtifact(entity, project, name, ref);
    if (!version) return reply.code(404).send({ errors: [{ message: `no committed version ${entity}/${project}/${name}:${ref}` }] });
    const offset = Math.min(query.cursor ?? 0, version.fileCount);
    const { limit } = query;
    const files = await store.artifactFiles(version.id, offset, limit);
    return {
      ...versionJson(version),
      files: files.map((f) => ({ path: f.path, size: f.size, digest: f.digest, ref: f.ref, url: artifactFileUrl(ctx, version, f) })),
      nextCursor: offset + limit < version.fileCount ? String(offset + limit) : null,
      lineage: {
        loggedBy: version.createdBy === null ? null : await runRef(store, { entity, project, name: version.createdBy }),
        usedBy: await Promise.all((await store.artifactUsers(version.id)).map((key) => runRef(store, key))),
      },
    };
  });

  serve(app, routes.runArtifacts, async ({ request, params }) => {
    const key = runKey(context(request), params.entity, params.project, params.run);
    return { logged: (await store.runArtifacts(key, 'output')).map(versionJson), used: (await store.runArtifacts(key, 'input')).map(versionJson) };
  });
}

function versionJson(v: ArtifactVersion): VersionJson {
  return {
    id: artifactId(v.id), entity: v.entity, project: v.project, name: v.name, type: v.type, version: `v${v.versionIndex}`, digest: v.digest, aliases: v.aliases,
    description: v.description, metadata: JSON.parse(v.metadata ?? '{}'), size: v.size, fileCount: v.fileCount,
    loggedBy: v.createdBy, historyStep: v.historyStep, createdAt: v.createdAt,
  };
}

/** A run as lineage names it: where it is, its id and the name it shows. */
async function runRef(store: Store, key: RunKey): Promise<RunRef> {
  const run = await store.getRun(key);
  return { entity: key.entity, project: key.project, id: key.name, name: run?.displayName ?? key.name };
}
