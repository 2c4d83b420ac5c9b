// The compatibility suite with the real wandb 0.31.0 client (see compat/suite.ts).
import { suite } from './suite.ts';

suite('0.31.0');
