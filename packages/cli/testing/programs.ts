// Training programs for launch tests.

/** Prints loss=1, then ends when a file `release` appears in its folder: no test step waits on a clock. */
export const HELD_PROGRAM = "import { existsSync } from 'node:fs';\nconsole.log('loss=1');\nsetInterval(() => existsSync('release') && (console.log('finished work'), process.exit(0)), 100);\n";
