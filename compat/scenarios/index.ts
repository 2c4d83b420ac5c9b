// Every scenario, in the order of the compatibility table's rows.
import type { Scenario } from '../scenario.ts';
import { login, wrongKey } from './access.ts';
import { apiEdits, apiReads } from './api.ts';
import { artifacts } from './artifacts.ts';
import { media } from './media.ts';
import { basics, branch, nonFinite, offline, resume } from './runs.ts';
import { signals } from './signals.ts';
import { bayesSweep, functionAgent, gridSweep, randomSweep, sweepControls, sweepOptions } from './sweeps.ts';

export const SCENARIOS: Scenario[] = [basics, resume, branch, nonFinite, offline, media, artifacts, apiReads, apiEdits, signals, gridSweep, randomSweep, bayesSweep, sweepControls, sweepOptions, functionAgent, wrongKey, login];
