import { useState } from 'react';
import { loadSession, saveSession, type Session } from './api';
import { BedBoard } from './BedBoard';
import { Patients } from './Patients';
import { SignIn } from './SignIn';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [view, setView] = useState<'beds' | 'patients'>('beds');
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
          <button type="button" aria-pressed={view === 'beds'} onClick={() => setView('beds')}>
            Bed board
          </button>
          <button type="button" aria-pressed={view === 'patients'} onClick={() => setView('patients')}>
            Patients
          </button>
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
      {view === 'beds' ? <BedBoard session={session} /> : <Patients session={session} />}
    </div>
  );
}
