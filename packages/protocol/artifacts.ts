// Artifacts: a project's artifacts by type, a sequence's versions, one version's files and lineage, a run's artifacts (docs/api.md).
import { z } from 'zod';
import { jsonObject } from './json.ts';
import { integer, projectParams, route, runParams } from './route.ts';

export const artifactVersion = z.object({
  id: z.string(), entity: z.string(), project: z.string(), name: z.string(), type: z.string(), version: z.string(), digest: z.string(),
  aliases: z.array(z.string()), description: z.string().nullable(), metadata: jsonObject, size: z.number(), fileCount: z.number(),
  loggedBy: z.string().nullable(), historyStep: z.number().nullable(), createdAt: z.string(),
});

export const artifactFile = z.object({ path: z.string(), size: z.number(), digest: z.string(), ref: z.string().nullable(), url: z.string() });

/** A run as artifact lineage names it. */
export const runRef = z.object({ entity: z.string(), project: z.string(), id: z.string(), name: z.string() });

export const artifactSequence = z.object({ name: z.string(), type: z.string(), versionCount: z.number(), createdAt: z.string() });

export const artifactVersionFiles = artifactVersion.extend({
  files: z.array(artifactFile), nextCursor: z.string().nullable(), lineage: z.object({ loggedBy: runRef.nullable(), usedBy: z.array(runRef) }),
});

const artifactParams = projectParams.extend({ name: z.string().min(1) });

export const artifactRoutes = {
  listArtifacts: route({
    method: 'GET', path: '/api/v1/artifacts/:entity/:project', params: projectParams, query: z.object({ type: z.string().optional() }),
    response: z.object({ types: z.record(z.string(), z.array(artifactSequence)) }),
  }),
  artifactVersions: route({
    method: 'GET', path: '/api/v1/artifacts/:entity/:project/:name', params: artifactParams,
    response: z.object({ name: z.string(), type: z.string(), versions: z.array(artifactVersion) }),
  }),
  artifactVersion: route({
    method: 'GET', path: '/api/v1/artifacts/:entity/:project/:name/:ref', params: artifactParams.extend({ ref: z.string().min(1) }),
    query: z.object({ limit: integer(1, 10_000, 1000), cursor: z.string().regex(/^\d+$/, { error: 'expected a nextCursor this API returned' }).transform(Number).optional() }),
    response: artifactVersionFiles,
  }),
  runArtifacts: route({
    method: 'GET', path: '/api/v1/runs/:entity/:project/:run/artifacts', params: runParams,
    response: z.object({ logged: z.array(artifactVersion), used: z.array(artifactVersion) }),
  }),
};
