// `sextant init [DIR]`: a working sweep project to start from, in one of three shapes: a wandb
// script run by agents (`script`), a function agent (`function`), or a program without wandb
// whose printed metrics are logged (`stdout`). The files are in packages/cli/templates.
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

const TEMPLATES = join(import.meta.dirname, '..', 'templates');

/** How `make hypertrain` runs each template. */
const HYPERTRAIN: Record<string, string> = {
  script: '\t$(SEXTANT) launch $(SWEEP) --project $(PROJECT) --jobs $(N_JOBS)',
  // One sweep, then N_JOBS Python processes whose wandb.agent share its runs.
  function: [
    "\t@id=$$($(SEXTANT) sweep $(SWEEP) --project $(PROJECT) | sed -n 's/^Creating sweep with ID: //p'); \\",
    '\ttest -n "$$id" || exit 1; \\',
    '\techo "sweep $(PROJECT)/$$id: $(N_JOBS) function agents"; \\',
    '\tfor i in $$(seq $(N_JOBS)); do python3 train.py --project $(PROJECT) --sweep-id $$id & done; wait',
  ].join('\n'),
  stdout: '\t$(SEXTANT) launch $(SWEEP) --project $(PROJECT) --jobs $(N_JOBS) --metrics-from-stdout',
};

const DESCRIPTIONS: Record<string, string> = {
  script: 'train.py uses wandb (argparse, wandb.init, wandb.log); sextant launch runs it once per run',
  function: 'train.py calls wandb.agent(function=train): each process runs the sweep\'s runs itself',
  stdout: 'train.py does not use wandb: it prints name=value lines that sextant launch --metrics-from-stdout logs',
};

function template(name: string): string {
  if (!(name in HYPERTRAIN)) throw new InvalidArgumentError(`expected one of ${Object.keys(HYPERTRAIN).join(', ')}`);
  return name;
}

export function initCommand(): Command {
  return new Command('init')
    .description('Create a sweep project to start from: sweep.yaml, train.py, a Makefile and a .gitignore.')
    .argument('[dir]', 'the project folder (created when missing)', '.')
    .option('-t, --template <name>', 'the template: script, function or stdout (see below)', template, 'script')
    .option('-p, --project <name>', 'the project its runs go to (default: the folder\'s name)')
    .addHelpText('after', `
Templates:
${Object.entries(DESCRIPTIONS).map(([name, text]) => `  ${name.padEnd(9)} ${text}`).join('\n')}

The Makefile has: hypertrain (N_JOBS=… agents on this machine), validate, preview, ps, stop-all,
kill-all (the hard stop) and check-auth. Existing files are never overwritten.

Examples:
  $ sextant init my-sweep
  $ sextant init my-sweep --template stdout && cd my-sweep && make hypertrain N_JOBS=4`)
    .action((dir: string, options: { template: string; project?: string }) => {
      const root = resolve(dir);
      const project = options.project ?? basename(root);
      if (!/^[A-Za-z0-9_.-]+$/.test(project)) {
        process.stderr.write(`sextant: ${project} is not a usable project name; pass --project NAME (letters, digits, "-", "_", ".")\n`);
        process.exitCode = 2;
        return;
      }
      const source = join(TEMPLATES, options.template);
      const files: Record<string, string> = {
        'sweep.yaml': readFileSync(join(source, 'sweep.yaml'), 'utf8'),
        'train.py': readFileSync(join(source, 'train.py'), 'utf8').replace('"PROJECT_NAME"', () => JSON.stringify(project)),
        Makefile: readFileSync(join(TEMPLATES, 'Makefile'), 'utf8').replace('@PROJECT@', () => project).replace('@HYPERTRAIN@', () => HYPERTRAIN[options.template]),
        '.gitignore': readFileSync(join(TEMPLATES, 'gitignore'), 'utf8'),
      };
      const taken = Object.keys(files).filter((name) => existsSync(join(root, name)));
      if (taken.length > 0) {
        process.stderr.write(`sextant: ${taken.map((name) => join(dir, name)).join(', ')} exist already; nothing was written\n`);
        process.exitCode = 1;
        return;
      }
      mkdirSync(root, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
      const where = relative(process.cwd(), root) || '.';
      process.stdout.write(`Created a ${options.template} sweep project for project ${project} in ${where}: ${Object.keys(files).join(', ')}
Next:
  cd ${where}
  sextant login --host http://127.0.0.1:8080 KEY   (once: the key the server printed)
  make validate preview
  make hypertrain N_JOBS=2
`);
    });
}
