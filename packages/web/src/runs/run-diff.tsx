// The compared runs' config and summary side by side, one row per key, rows where the runs differ
// highlighted (and, on demand, the only ones shown).
import { useState } from 'react';
import type { Json, Run } from '../api.ts';
import { formatValue } from '../format.ts';
import { diffRows } from './diff.ts';
import { flatten } from './flatten.ts';

const ownSummary = (summary: Record<string, Json>): Record<string, Json> => flatten(Object.fromEntries(Object.entries(summary).filter(([k]) => !k.startsWith('_'))));

export function RunDiff({ runs }: { runs: Array<{ run: Run; color: string }> }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const sections = [
    { name: 'config', rows: diffRows(runs.map(({ run }) => flatten(run.config))) },
    { name: 'summary', rows: diffRows(runs.map(({ run }) => ownSummary(run.summary))) },
  ];
  const differing = sections.reduce((n, s) => n + s.rows.filter((r) => r.differs).length, 0);
  return (
    <section>
      <div className="section-head">
        <h2>Config and summary</h2>
        <span className="muted">{differing} key{differing === 1 ? '' : 's'} differ</span>
        <label><input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} /> only differences</label>
      </div>
      <div className="diff-scroll">
        <table className="plain diff" data-testid="run-diff">
          <thead><tr><th>key</th>{runs.map(({ run, color }) => <th key={run.id} title={run.id}><i className="swatch" style={{ background: color }} /> {run.name}</th>)}</tr></thead>
          {sections.map(({ name, rows }) => (
            <tbody key={name}>
              <tr className="diff-section"><th colSpan={runs.length + 1}>{name}</th></tr>
              {rows.filter((r) => !onlyDifferences || r.differs).map((row) => (
                <tr key={row.key} data-key={`${name}.${row.key}`} className={row.differs ? 'differs' : undefined}>
                  <th>{row.key}</th>
                  {row.values.map((v, i) => <td key={i} className={typeof v === 'number' ? 'num' : undefined}>{formatValue(v)}</td>)}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
