import { Alert, Group, Loader, Text } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { gql, isRefused, type Session } from './api';

/** What a live screen knows of its list: the answer, when it came, and why a later one did not. */
export interface Live<T> {
  data: T | null;
  updatedAt: Date | null;
  /** Why the last ask failed; the previous answer stays on screen, marked stale. */
  problem: string | null;
  /** The user's role may not see this: no data will come, whatever the wait. */
  refused: boolean;
  /** Nothing answered yet. */
  loading: boolean;
  /** How often the screen asks again, so staleness can be judged. */
  intervalMs: number;
  refresh: () => Promise<void>;
}

/**
 * A query the screen asks again every `intervalMs` (TanStack Query), so another user's change
 * shows without a reload. On a failed refresh the last answer stays and `problem` says why: a
 * board that lies is worse than none, and one that goes blank is not much better. Until `enabled`
 * (say, no patient chosen yet) nothing is asked. An answer overtaken by a newer ask is dropped.
 */
export function useLiveQuery<T>(session: Session, query: string, variables: Record<string, unknown>, intervalMs: number, enabled = true): Live<T> {
  const answer = useQuery({
    queryKey: [session.csrf, query, variables],
    queryFn: () => gql<T>(session, query, variables),
    // A refusal will not change by asking again every second: asked again only on a new sign-in.
    refetchInterval: (q) => (isRefused(q.state.error) ? false : intervalMs),
    enabled,
  });
  // Asking again after a failure with no answer yet puts the query back to pending and forgets the
  // error: the screen keeps saying why it failed instead of flickering back to "Loading…".
  const lastError = useRef<Error | null>(null);
  if (answer.error) lastError.current = answer.error;
  else if (answer.isSuccess && answer.fetchStatus === 'idle') lastError.current = null;
  const error = answer.error ?? lastError.current;
  return {
    data: answer.data ?? null,
    updatedAt: answer.dataUpdatedAt ? new Date(answer.dataUpdatedAt) : null,
    problem: error ? error.message : null,
    refused: isRefused(error),
    loading: enabled && answer.isPending && error === null,
    intervalMs,
    refresh: async () => void (await answer.refetch()),
  };
}

/** A list is stale once three refreshes in a row have not arrived. */
const staleAfter = (intervalMs: number) => Math.max(3 * intervalMs, 5_000);

/** Now, ticking each second, so "updated 12 s ago" and staleness keep moving without data. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  const tick = useInterval(() => setNow(Date.now()), 1000);
  useEffect(() => {
    tick.start();
    return tick.stop;
  }, [tick]);
  return now;
}

/** When the screen last heard from the system; says STALE loudly once it has not for a while. */
export function UpdatedAt({ live }: { live: Pick<Live<unknown>, 'updatedAt' | 'intervalMs' | 'problem'> }) {
  const now = useNow();
  const { updatedAt } = live;
  if (!updatedAt) return <span className="updated" data-testid="updated">{live.problem ? 'Not loaded' : 'Loading…'}</span>;
  const stale = now - updatedAt.getTime() > staleAfter(live.intervalMs);
  return (
    <span className={stale ? 'updated stale-badge' : 'updated'} data-testid="updated" data-stale={stale}>
      {stale ? `STALE: last updated ${updatedAt.toLocaleTimeString()}` : `Updated ${updatedAt.toLocaleTimeString()}`}
    </span>
  );
}

/**
 * Everything a live list says besides its rows: loading, refused (in words the user can act on),
 * failed, stale, or empty. `children` (the rows) show only when there is an answer to show.
 */
export function LiveList<T>({ live, what, isEmpty, empty, children }: { live: Live<T>; what: string; isEmpty: (data: T) => boolean; empty: string; children: (data: T) => ReactNode }) {
  if (live.refused)
    return (
      <Alert color="red" title={`Your role may not see ${what}`} role="alert" className="refused-alert">
        {live.problem} Sign in as a user whose role does this work, or ask for access.
      </Alert>
    );
  if (live.loading)
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" aria-hidden /> <Text>Loading {what}…</Text>
      </Group>
    );
  return (
    <>
      {live.problem && (
        <Alert color="red" title={live.data ? `${what} may be out of date` : `${what} could not be loaded`} role="alert" className="stale">
          {live.problem}
        </Alert>
      )}
      {live.data !== null && (isEmpty(live.data) ? <p>{empty}</p> : children(live.data))}
    </>
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
