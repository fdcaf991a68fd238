import { type FormEvent, useState } from 'react';
import { gql, type Session } from './api';

export interface Patient {
  id: string;
  mrn: string;
  familyName: string;
  givenNames: string;
  birthDate: string | null;
  sex: string;
  unidentified: boolean;
  estimatedAgeYears: number | null;
  wristbandReprintNeeded: boolean;
  encounters: Array<{ id: string; status: string; bedId: string | null; class: string }>;
}

export const patientFields = 'id mrn familyName givenNames birthDate sex unidentified estimatedAgeYears wristbandReprintNeeded encounters { id status bedId class }';

/** The banner every chart screen shows: who this is, so no one acts on the wrong patient. */
export function PatientBanner({ patient, onWristbandPrinted }: { patient: Patient; onWristbandPrinted?: () => void }) {
  const current = patient.encounters.find((e) => e.status === 'in-progress' || e.status === 'onleave');
  const born = patient.birthDate ?? `unknown${patient.estimatedAgeYears === null ? '' : ` (about ${patient.estimatedAgeYears} years)`}`;
  return (
    <div className={patient.unidentified ? 'banner unidentified' : 'banner'} data-testid="patient-banner">
      {patient.unidentified && <p className="flag">UNIDENTIFIED PATIENT: the name below is an alias. Check the MRN on the wristband.</p>}
      <strong>
        {patient.familyName.toUpperCase()}, {patient.givenNames}
      </strong>{' '}
      MRN {patient.mrn} · born {born} · {patient.sex}
      {current ? ` · ${current.class} in ${current.bedId}` : ' · not admitted'}
      {patient.wristbandReprintNeeded && (
        <p className="flag">
          The name or MRN changed: print a new wristband and put it on.{' '}
          {onWristbandPrinted && (
            <button type="button" onClick={onWristbandPrinted}>
              New wristband is on
            </button>
          )}
        </p>
      )}
    </div>
  );
}

/** Find a patient by family name; every chart screen starts here. */
export function PatientSearch({ session, onSelect }: { session: Session; onSelect: (patient: Patient) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Patient[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const data = await gql<{ searchPatients: Patient[] }>(session, `query($f: String!) { searchPatients(familyName: $f, limit: 20) { ${patientFields} } }`, { f: query }).catch(
      (error: Error) => {
        setProblem(`Search failed: ${error.message}`);
        return { searchPatients: null };
      },
    );
    setResults(data.searchPatients);
  };
  return (
    <>
      <form onSubmit={search} className="row" aria-label="Find a patient">
        <label>
          Family name <input name="search" value={query} onChange={(e) => setQuery(e.target.value)} required />
        </label>
        <button type="submit">Search</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {results?.length === 0 && <p>No active patient with that family name.</p>}
      <ul className="results">
        {(results ?? []).map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => onSelect(p)}>
              {p.familyName}, {p.givenNames} — MRN {p.mrn} — {p.birthDate ?? 'birth date unknown'}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
