// What to do when there is nothing to show yet: the lines that send runs to this server.
export function LogFirstRun({ project }: { project?: string }) {
  const host = location.origin;
  return (
    <div className="empty">
      <h3>No runs yet</h3>
      <p>Point the wandb client at this server, then run your script unchanged:</p>
      <pre>{`wandb login --host ${host} <your API key>\n# or: export WANDB_BASE_URL=${host} WANDB_API_KEY=<your API key>\npython train.py   # wandb.init(project="${project ?? 'my-project'}"), wandb.log({...})`}</pre>
      <p>Sweeps: <code>wandb sweep sweep.yaml</code>, then <code>wandb agent ENTITY/PROJECT/ID</code>. Runs appear here as they log.</p>
    </div>
  );
}
