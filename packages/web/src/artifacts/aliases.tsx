// The aliases a version holds (`latest`, `best`, …), as badges.
export function Aliases({ aliases }: { aliases: string[] }) {
  return <span className="aliases">{aliases.map((a) => <span key={a} className="badge alias">{a}</span>)}</span>;
}
