// The x axis, smoothing and y-scale settings shared by a page's charts.
export type YScale = 'auto' | 'linear' | 'log';

export interface ChartSettings {
  x: string;
  smoothing: number;
  yScale: YScale;
}

export function ChartControls({ settings, onChange, xChoices }: { settings: ChartSettings; onChange: (s: ChartSettings) => void; xChoices: string[] }) {
  return (
    <div className="controls">
      <label>x <select aria-label="x axis" value={settings.x} onChange={(e) => onChange({ ...settings, x: e.target.value })}>
        {xChoices.map((x) => <option key={x} value={x}>{x}</option>)}
      </select></label>
      <label>smoothing <input type="range" aria-label="smoothing" min={0} max={0.99} step={0.01} value={settings.smoothing}
        onChange={(e) => onChange({ ...settings, smoothing: Number(e.target.value) })} /> <span className="num">{settings.smoothing.toFixed(2)}</span></label>
      <label>y scale <select aria-label="y scale" title="auto: log when every value is positive and they span two decades" value={settings.yScale} onChange={(e) => onChange({ ...settings, yScale: e.target.value as YScale })}>
        <option value="auto">auto</option><option value="linear">linear</option><option value="log">log</option>
      </select></label>
      <span className="muted">drag to zoom, double-click to reset</span>
    </div>
  );
}
