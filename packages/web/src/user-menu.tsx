// The signed-in user's menu in the header: their API keys (/authorize) and signing out.
import { useEffect, useRef, useState } from 'react';
import { session } from './api.ts';
import { navigate } from './route.ts';
import { Link } from './link.tsx';

export function UserMenu({ viewer }: { viewer: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: Event): void => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', away);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', away);
    };
  }, [open]);
  return (
    <div className="picker" ref={box}>
      <button aria-haspopup="menu" aria-expanded={open} aria-label="user menu" onClick={() => setOpen(!open)}>{viewer} ▾</button>
      {open && (
        <div className="user-menu" role="menu">
          <Link role="menuitem" href="/authorize" onClick={() => setOpen(false)}>API keys</Link>
          <button role="menuitem" onClick={() => { setOpen(false); session.signOut(); navigate('/'); }}>Sign out</button>
        </div>
      )}
    </div>
  );
}
