// Collects violations with their JSON path and, when the config came from text, line:col.
import type { Violation } from '../types.ts';
import type { JsonPath, SourceInfo } from './parse.ts';

export class Report {
  readonly violations: Violation[] = [];
  readonly #source: SourceInfo | undefined;

  constructor(source?: SourceInfo) {
    this.#source = source;
  }

  /** Whether the number at `path` was written as a float; JSON objects without text: never. */
  isFloat(path: JsonPath): boolean {
    return this.#source?.isFloat(path) ?? false;
  }

  error(path: JsonPath, message: string, at: 'key' | 'value' = 'value'): void {
    this.#add('error', path, message, at);
  }

  warning(path: JsonPath, message: string, at: 'key' | 'value' = 'value'): void {
    this.#add('warning', path, message, at);
  }

  get errorCount(): number {
    return this.violations.filter((v) => v.severity === 'error').length;
  }

  #add(severity: Violation['severity'], path: JsonPath, message: string, at: 'key' | 'value'): void {
    const pos = this.#source?.locate(path, at);
    this.violations.push({ path: path.join('.'), message, severity, ...(pos ? { line: pos.line, col: pos.col } : {}) });
  }
}
