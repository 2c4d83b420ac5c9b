// Every scenario, in the order of the compatibility table's rows.
import type { Scenario } from '../scenario.ts';
import { basics, nonFinite, offline, resume } from './runs.ts';

export const SCENARIOS: Scenario[] = [basics, resume, nonFinite, offline];
