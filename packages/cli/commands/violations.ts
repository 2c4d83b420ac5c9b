// How the CLI prints sweep config problems: `FILE:LINE:COL path: severity: message`, like a compiler.
import type { Violation } from '@sextant/sweeps';

export function formatViolation(file: string, v: Violation): string {
  const where = v.line !== undefined ? `${file}:${v.line}:${v.col ?? 1}` : file;
  return `${where} ${v.path || '(config)'}: ${v.severity}: ${v.message}`;
}

export function byPosition(a: Violation, b: Violation): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

export function countLine(file: string, violations: Violation[]): string {
  const errors = violations.filter((v) => v.severity === 'error').length;
  const warnings = violations.length - errors;
  return `${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
