import { useCallback, useEffect, useState } from 'react';
import { gql, type Session } from './api';

interface Bed {
  id: string;
  unitId: string;
  label: string;
  status: string;
  isolation: string | null;
  blockedReason: string | null;
  patientId: string | null;
  dirtySince: string | null;
}

const statusText: Record<string, string> = {
  available: 'Clean – available',
  reserved: 'Reserved',
  occupied: 'Occupied',
  dirty: 'Dirty – needs cleaning',
  cleaning: 'Being cleaned',
  blocked: 'Blocked',
};

/** How often the board asks again: well inside the 2 s a bed manager may wait for a change. */
const refreshMs = 1000;

export function BedBoard({ session }: { session: Session }) {
  const [beds, setBeds] = useState<Bed[]>([]);
  const [unit, setUnit] = useState<string>('');
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const data = await gql<{ bedBoard: Bed[] }>(session, '{ bedBoard { id unitId label status isolation blockedReason patientId dirtySince } }');
      setBeds(data.bedBoard);
      setUpdatedAt(new Date());
      setProblem(null);
    } catch (error) {
      // Keep the last board but say plainly it is stale: a board that lies is worse than none.
      setProblem((error as Error).message);
    }
  }, [session]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (mutation: 'markBedClean' | 'startBedCleaning', bedId: string) => {
    try {
      const data = await gql<Record<string, { __typename: string; message?: string }>>(session, `mutation($b: ID!) { ${mutation}(bedId: $b) { __typename ... on Refusal { message } } }`, { b: bedId });
      const result = data[mutation]!;
      if (result.__typename === 'Refusal') setProblem(result.message ?? 'refused');
      await refresh();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const units = [...new Set(beds.map((b) => b.unitId))];
  const shown = beds.filter((b) => !unit || b.unitId === unit);
  return (
    <section aria-label="Bed board">
      <header className="toolbar">
        <label>
          Unit{' '}
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            <option value="">All units</option>
            {units.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
        <span className="updated" data-testid="updated">
          {updatedAt ? `Updated ${updatedAt.toLocaleTimeString()}` : 'Loading…'}
        </span>
      </header>
      {problem && (
        <p role="alert" className="stale">
          Bed board may be out of date: {problem}
        </p>
      )}
      {units
        .filter((u) => !unit || u === unit)
        .map((u) => (
          <div key={u}>
            <h2>{u}</h2>
            <ul className="beds">
              {shown
                .filter((b) => b.unitId === u)
                .map((b) => (
                  <li key={b.id} className={`bed ${b.status}`} data-bed={b.id} data-status={b.status}>
                    <strong>{b.label}</strong>
                    <span>{statusText[b.status] ?? b.status}</span>
                    {b.isolation && <span className="isolation">Isolation: {b.isolation}</span>}
                    {b.blockedReason && <span>{b.blockedReason}</span>}
                    {b.patientId && <span className="patient">Patient {b.patientId.slice(-6)}</span>}
                    {b.status === 'dirty' && (
                      <button type="button" onClick={() => void act('startBedCleaning', b.id)}>
                        Start cleaning
                      </button>
                    )}
                    {(b.status === 'dirty' || b.status === 'cleaning') && (
                      <button type="button" onClick={() => void act('markBedClean', b.id)}>
                        Mark clean
                      </button>
                    )}
                  </li>
                ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
