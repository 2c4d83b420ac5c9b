// A modal asking before something that cannot be undone (deleting a run or a sweep): what goes, an
// optional choice, and the server's refusal shown in place if it says no.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Why the action cannot be taken now; the confirm button is disabled while it is set. */
  blocked?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, blocked, onConfirm, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await onConfirm();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} className="confirm" aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {children}
      {blocked && <p className="warning" data-testid="blocked">{blocked}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button onClick={() => dialog.current?.close()} disabled={busy}>Keep</button>
        <button className="danger-fill" onClick={() => void confirm()} disabled={busy || Boolean(blocked)}>{confirmLabel}</button>
      </div>
    </dialog>
  );
}
