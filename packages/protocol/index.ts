// The native JSON API's contract (docs/api.md): every route as data, shared by the server, the dashboard and @sextant/client.
import type { z } from 'zod';
import { accountRoutes, type apiKey, type project } from './account.ts';
import { artifactRoutes, type artifactFile, type artifactSequence, type artifactVersion, type artifactVersionFiles, type runRef } from './artifacts.ts';
import { runRoutes, type chartSeries, type history, type mediaEntry, type run, type runEdit, type runFile, type series } from './runs.ts';
import { sweepRoutes, type agent, type sweep, type sweepParameter, type sweepSummary } from './sweeps.ts';
import type { Route } from './route.ts';

export const routes = { ...accountRoutes, ...runRoutes, ...sweepRoutes, ...artifactRoutes };
export type Routes = typeof routes;
export const ROUTES: Route[] = Object.values(routes);

export type { Json, JsonObject } from './json.ts';
export type { Answer, Body, BodyInput, Method, Params, Query, QueryInput, Route } from './route.ts';

export type Run = z.output<typeof run>;
export type RunEdit = z.output<typeof runEdit>;
export type Series = z.output<typeof series>;
export type ChartSeries = z.output<typeof chartSeries>;
export type History = z.output<typeof history>;
export type RunFile = z.output<typeof runFile>;
export type MediaEntry = z.output<typeof mediaEntry>;
export type Project = z.output<typeof project>;
export type ApiKey = z.output<typeof apiKey>;
export type Agent = z.output<typeof agent>;
export type SweepSummary = z.output<typeof sweepSummary>;
export type SweepParameter = z.output<typeof sweepParameter>;
export type Sweep = z.output<typeof sweep>;
export type ArtifactVersion = z.output<typeof artifactVersion>;
export type ArtifactFile = z.output<typeof artifactFile>;
export type RunRef = z.output<typeof runRef>;
export type ArtifactSequence = z.output<typeof artifactSequence>;
export type ArtifactVersionFiles = z.output<typeof artifactVersionFiles>;
