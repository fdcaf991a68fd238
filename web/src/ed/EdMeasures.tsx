import type { Session } from '../api';
import { ColumnHeads } from '../table';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';
import { TrendChart } from './TrendChart';

interface Median {
  visits: number;
  medianMinutes: number | null;
}
interface DayMeasures {
  arrivalToDeparture: { all: Median };
  doorToProvider: Median;
  admitDecisionToDeparture: Median;
  leftWithoutBeingSeen: { numerator: number; denominator: number; rate: number | null };
}

const fields = 'arrivalToDeparture { all { visits medianMinutes } } doorToProvider { visits medianMinutes } admitDecisionToDeparture { visits medianMinutes } leftWithoutBeingSeen { numerator denominator rate }';
/** How many days the dashboard shows, today last. */
const dayCount = 7;

/** The last seven days from this workstation's midnight, each asked as its own period in one request. */
function lastDays(now = new Date()): Array<{ key: string; label: string; from: string; to: string }> {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Array.from({ length: dayCount }, (_, i) => {
    const from = new Date(midnight);
    from.setDate(from.getDate() - (dayCount - 1 - i));
    const to = new Date(from);
    to.setDate(to.getDate() + 1);
    return { key: `d${i}`, label: from.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }), from: from.toISOString(), to: to.toISOString() };
  });
}

const minutes = (m: Median) => (m.medianMinutes === null ? '—' : `${Math.round(m.medianMinutes)} min (${m.visits})`);
const percent = (r: DayMeasures['leftWithoutBeingSeen']) => (r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)} % (${r.numerator} of ${r.denominator})`);

/** The ED measures over the last week: the medians a charge nurse and the quality team watch, by day. */
export function EdMeasures({ session }: { session: Session }) {
  const days = lastDays();
  const query = `query(${days.map((d) => `$${d.key}f: String!, $${d.key}t: String!`).join(', ')}) { ${days.map((d) => `${d.key}: edMeasures(from: $${d.key}f, to: $${d.key}t) { ${fields} }`).join(' ')} }`;
  const variables = Object.fromEntries(days.flatMap((d) => [[`${d.key}f`, d.from], [`${d.key}t`, d.to]]));
  const live = useLiveQuery<Record<string, DayMeasures>>(session, query, variables, 60_000);
  return (
    <section aria-labelledby="measures-heading">
      <header className="toolbar">
        <h2 id="measures-heading">Last {dayCount} days, by day of departure</h2>
        <UpdatedAt live={live} />
      </header>
      <LiveList live={live} what="the ED measures" isEmpty={() => false} empty="">
        {(data) => {
          const of = (pick: (m: DayMeasures) => Median) => days.map((d) => pick(data[d.key]!).medianMinutes);
          return (
            <>
              <TrendChart
                label={`Median minutes by day over the last ${dayCount} days: door to provider, arrival to departure (OP-18) and admit decision to departure (ED-2); the figures are in the table below.`}
                days={days.map((d) => d.label)}
                unit="min"
                trends={[
                  { name: 'Door to provider', values: of((m) => m.doorToProvider) },
                  { name: 'Arrival to departure (OP-18)', values: of((m) => m.arrivalToDeparture.all) },
                  { name: 'Decision to departure (ED-2)', values: of((m) => m.admitDecisionToDeparture) },
                ]}
              />
              <table className="chart-table" data-testid="measures-table">
                <caption className="visually-hidden">Median minutes (visits counted) and LWBS rate by day</caption>
                <ColumnHeads names={['Day', 'Door to provider', 'Arrival to departure (OP-18)', 'Decision to departure (ED-2)', 'Left without being seen (OP-22)']} />
                <tbody>
                  {days.map((d) => {
                    const m = data[d.key]!;
                    return (
                      <tr key={d.key} data-day={d.from}>
                        <th scope="row">{d.label}</th>
                        <td>{minutes(m.doorToProvider)}</td>
                        <td>{minutes(m.arrivalToDeparture.all)}</td>
                        <td>{minutes(m.admitDecisionToDeparture)}</td>
                        <td>{percent(m.leftWithoutBeingSeen)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          );
        }}
      </LiveList>
    </section>
  );
}
