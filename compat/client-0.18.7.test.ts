// The compatibility suite with the real wandb 0.18.7 client (see compat/suite.ts).
import { suite } from './suite.ts';

suite('0.18.7');
