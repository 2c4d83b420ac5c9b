// The one storage contract both backends implement (SQLite by default, PostgreSQL to scale out),
// split by concern; each part says when its methods are called and what they guarantee.
import type { ArtifactStore } from './artifact-store.ts';
import type { RunStore } from './run-store.ts';
import type { SweepStore } from './sweep-store.ts';
import type { UserStore } from './user-store.ts';

export type { User, ApiKeyInfo, UserStore } from './user-store.ts';
export type { RunState, RunKey, Run, RunPatch, StreamLine, StreamFile, RunStore, RunColumn, RunField, RunScalar, RunCondition, RunOrder, RunCursor, RunQuery } from './run-store.ts';
export type { SweepState, SweepKey, Sweep, Agent, SweepAssignment, SweepStore } from './sweep-store.ts';
export type { ArtifactState, ArtifactVersion, NewArtifact, ArtifactFile, ArtifactObject, ArtifactStore } from './artifact-store.ts';
export { ArtifactConflict } from './artifact-store.ts';

export interface Store extends UserStore, RunStore, SweepStore, ArtifactStore {
  /** At shutdown, after the last request: releases the database. */
  close(): Promise<void>;
}
