import { useCallback, useEffect, useRef, useState } from 'react';
import { gql, type Session } from './api';

/**
 * A query the screen asks again every `intervalMs`, so another user's change shows without a
 * reload. On a failed refresh the last answer stays and `problem` says why: a board that
 * lies is worse than none, and one that goes blank is not much better. Until `enabled`
 * (say, no patient chosen yet) nothing is asked.
 */
export function useLiveQuery<T>(session: Session, query: string, variables: Record<string, unknown>, intervalMs: number, enabled = true) {
  const [data, setData] = useState<T | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const key = JSON.stringify(variables);
  // Asks are numbered: an answer older than the one on screen (a slow timer read overtaken by
  // the refresh after a change) is dropped, never shown over it.
  const asked = useRef(0);
  const shown = useRef(0);

  const refresh = useCallback(async () => {
    const ask = ++asked.current;
    try {
      const answer = await gql<T>(session, query, JSON.parse(key) as Record<string, unknown>);
      if (ask < shown.current) return;
      shown.current = ask;
      setData(answer);
      setUpdatedAt(new Date());
      setProblem(null);
    } catch (error) {
      if (ask >= shown.current) setProblem((error as Error).message);
    }
  }, [session, query, key]);

  useEffect(() => {
    if (!enabled) return;
    void refresh();
    const timer = setInterval(() => void refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs, enabled]);

  return { data, updatedAt, problem, refresh };
}

/** When the screen last heard from the system. */
export function UpdatedAt({ updatedAt }: { updatedAt: Date | null }) {
  return (
    <span className="updated" data-testid="updated">
      {updatedAt ? `Updated ${updatedAt.toLocaleTimeString()}` : 'Loading…'}
    </span>
  );
}

/** Said plainly when what the screen shows may be stale. */
export function StaleAlert({ problem, what }: { problem: string | null; what: string }) {
  return problem ? (
    <p role="alert" className="stale">
      {what} may be out of date: {problem}
    </p>
  ) : null;
}
