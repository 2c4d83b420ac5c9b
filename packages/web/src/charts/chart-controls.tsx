// The x axis, smoothing and log-scale settings shared by a page's charts.
export interface ChartSettings {
  x: string;
  smoothing: number;
  logY: boolean;
}

export function ChartControls({ settings, onChange, xChoices }: { settings: ChartSettings; onChange: (s: ChartSettings) => void; xChoices: string[] }) {
  return (
    <div className="controls">
      <label>x <select aria-label="x axis" value={settings.x} onChange={(e) => onChange({ ...settings, x: e.target.value })}>
        {xChoices.map((x) => <option key={x} value={x}>{x}</option>)}
      </select></label>
      <label>smoothing <input type="range" aria-label="smoothing" min={0} max={0.99} step={0.01} value={settings.smoothing}
        onChange={(e) => onChange({ ...settings, smoothing: Number(e.target.value) })} /> <span className="num">{settings.smoothing.toFixed(2)}</span></label>
      <label><input type="checkbox" checked={settings.logY} onChange={(e) => onChange({ ...settings, logY: e.target.checked })} /> log scale</label>
      <span className="muted">drag to zoom, double-click to reset</span>
    </div>
  );
}
