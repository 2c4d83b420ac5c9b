// A run's or sweep's state as a colored badge.
export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{state.toLowerCase()}</span>;
}
