import { useEffect, useState } from 'react';
import { type Session, signIn } from './api';

interface DemoUser {
  username: string;
  name: string;
  role: string;
}

/** Embedded demo sign-in: one user per role. With a hospital identity provider this is its login page. */
export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [users, setUsers] = useState<DemoUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/auth/demo-users')
      .then((r) => (r.ok ? (r.json() as Promise<DemoUser[]>) : Promise.reject(new Error('sign-in is with the hospital identity provider'))))
      .then(setUsers, (e: Error) => setError(e.message));
  }, []);
  return (
    <main className="sign-in">
      <h1>Sign in</h1>
      {error && <p role="alert">{error}</p>}
      <ul>
        {users.map((u) => (
          <li key={u.username}>
            <button type="button" onClick={() => signIn(u).then(onSignedIn, (e: Error) => setError(e.message))}>
              {u.name} <small>({u.role})</small>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
