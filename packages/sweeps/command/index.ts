export { argsJson, DEFAULT_COMMAND, paramFilePaths, paramFileYaml, renderCommand, usesArgsJsonFile, type CommandInput } from './render.ts';
export { pythonJsonDumps, pythonRepr, pythonStr } from './python.ts';
