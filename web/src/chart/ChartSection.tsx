import type { ReactNode } from 'react';
import type { Session } from '../api';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';

/**
 * One part of the chart, asked of its own service: when orders cannot answer, the encounters and
 * the MAR still show, and the failed part says so in its place instead of looking empty.
 */
export function ChartSection<T, R>({
  session,
  title,
  what,
  query,
  variables,
  pick,
  empty,
  children,
}: {
  session: Session;
  title: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
  pick: (data: T) => R[];
  empty: string;
  children: (rows: R[]) => ReactNode;
}) {
  const live = useLiveQuery<T>(session, query, variables, 15_000);
  const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return (
    <section className="chart-section" aria-labelledby={`chart-${slug}`} data-testid={`chart-${slug}`}>
      <header className="chart-section-head">
        <h2 id={`chart-${slug}`}>{title}</h2>
        <UpdatedAt live={live} />
      </header>
      <LiveList live={live} what={what} isEmpty={(data) => pick(data).length === 0} empty={empty}>
        {(data) => children(pick(data))}
      </LiveList>
    </section>
  );
}
