// What a scenario is: a name (also its project on the server), the feature rows it proves, and
// the steps: run client code, then check what arrived on the server, one `row` at a time.
import type { Section, Session } from './harness.ts';

/** Checks one feature row; a failed check is recorded against that row only. */
export type Row = (title: string, check: () => void | Promise<void>) => Promise<void>;

export interface Scenario {
  name: string;
  rows: string[];
  run(session: Session, row: Row): Promise<void>;
}

/** The section's own error (the client raised) as a failure of the row that reads it. */
export function ok(section: Section | undefined, what: string): Section {
  if (!section) throw new Error(`${what}: the script never reached this step`);
  if (section.error) throw new Error(`${what}: the client raised ${section.error}\n${section.trace ?? ''}`);
  return section;
}

/** Thrown by a row check when the client version has no such feature: recorded as n/a, not a failure. */
export class NotApplicable extends Error {}
