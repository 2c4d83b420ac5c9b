// The one storage contract both backends implement (SQLite by default, PostgreSQL to scale out),
// split by concern; each part says when its methods are called and what they guarantee.
import type { ArtifactStore } from './artifact-store.ts';
import type { RunStore } from './run-store.ts';
import type { SweepStore } from './sweep-store.ts';
import type { UserStore } from './user-store.ts';
import type { ProjectsChanged } from './sql.ts';

export type { User, ApiKeyInfo, UserStore } from './user-store.ts';
export type { RunState, RunKey, Run, RunPatch, StreamLine, LineParts, AppendRest, FileLines, StreamFile, RunStatus, RunStore, RunColumn, RunField, RunScalar, RunCondition, RunOrder, RunCursor, RunQuery } from './run-store.ts';
export type { SweepState, SweepKey, Sweep, Agent, SweepAssignment, SweepStore } from './sweep-store.ts';
export type { ArtifactState, ArtifactVersion, NewArtifact, ArtifactFile, ArtifactObject, ArtifactStore } from './artifact-store.ts';
export { ArtifactConflict } from './artifact-store.ts';
export type { ProjectRef, ProjectsChanged } from './sql.ts';

export interface Store extends UserStore, RunStore, SweepStore, ArtifactStore {
  /**
   * For live updates: calls `changed` with a project soon after each committed write that changed
   * its version (its runs, sweeps, or agents' states), whichever server sharing the database made
   * it, and with no project when changes may have been missed (the connection that listens for them
   * was lost and is back): every watched project is then to be read again. Errors of that listening
   * go to `onError`. Until the returned function is called.
   */
  watchProjects(changed: ProjectsChanged, onError: (error: unknown) => void): () => void;
  /** At shutdown, after the last request: releases the database. */
  close(): Promise<void>;
}
