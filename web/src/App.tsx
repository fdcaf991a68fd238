import { useState } from 'react';
import { loadSession, saveSession, type Session } from './api';
import { BedBoard } from './BedBoard';
import { ClaimsQueues } from './ClaimsQueues';
import { EdBoard } from './EdBoard';
import { Emar } from './Emar';
import { Orders } from './Orders';
import { Patients } from './Patients';
import { Pharmacy } from './Pharmacy';
import { SignIn } from './SignIn';

/** The screens, in the order the top bar shows them. */
const views = [
  { key: 'beds', label: 'Bed board', Screen: BedBoard },
  { key: 'ed', label: 'ED board', Screen: EdBoard },
  { key: 'patients', label: 'Patients', Screen: Patients },
  { key: 'orders', label: 'Orders', Screen: Orders },
  { key: 'pharmacy', label: 'Pharmacy', Screen: Pharmacy },
  { key: 'emar', label: 'eMAR', Screen: Emar },
  { key: 'claims', label: 'Claims', Screen: ClaimsQueues },
] as const;
type ViewKey = (typeof views)[number]['key'];

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [view, setView] = useState<ViewKey>('beds');
  if (!session) {
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  return (
    <div className="app">
      <header className="top">
        <nav>
          {views.map((v) => (
            <button key={v.key} type="button" aria-pressed={view === v.key} onClick={() => setView(v.key)}>
              {v.label}
            </button>
          ))}
        </nav>
        <span>
          {session.name} ({session.role}){' '}
          <button
            type="button"
            onClick={() => {
              saveSession(null);
              setSession(null);
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      {views
        .filter((v) => v.key === view)
        .map(({ key, Screen }) => (
          <Screen key={key} session={session} />
        ))}
    </div>
  );
}
