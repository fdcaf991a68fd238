import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
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

interface Allergy {
  id: string;
  substance: string;
  reaction: string | null;
  criticality: string;
}

/** Whole years from a birth date to today. */
export const ageOf = (birthDate: string, now = new Date()): number => {
  const born = new Date(`${birthDate}T00:00:00`);
  const years = now.getFullYear() - born.getFullYear();
  return now.getMonth() < born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() < born.getDate()) ? years - 1 : years;
};

/**
 * The allergy list, asked of the orders service apart from the identity: when it cannot answer,
 * the banner says so loudly instead of showing nothing (which would read as "no allergies").
 */
function Allergies({ session, patientId }: { session: Session; patientId: string }) {
  const answer = useQuery({
    queryKey: [session.csrf, 'allergies', patientId],
    queryFn: () => gql<{ patient: { allergies: Allergy[] } | null }>(session, 'query($p: ID!) { patient(id: $p) { allergies { id substance reaction criticality } } }', { p: patientId }),
    refetchInterval: 10_000,
  });
  if (answer.isPending) return <span data-testid="banner-allergies">Allergies: checking…</span>;
  if (answer.isError) return <strong className="flag" data-testid="banner-allergies">Allergies: NOT AVAILABLE ({answer.error.message}). Ask the patient before giving anything.</strong>;
  const allergies = answer.data.patient?.allergies ?? [];
  return (
    <span data-testid="banner-allergies">
      Allergies:{' '}
      {allergies.length === 0 ? (
        <strong>none recorded (ask and record)</strong>
      ) : (
        allergies.map((a) => (
          <Badge key={a.id} color={a.criticality === 'high' ? 'red.9' : 'yellow.9'} variant="filled" size="lg" mr={4} className="allergy-chip">
            {a.substance}
            {a.reaction ? `: ${a.reaction}` : ''}
            {a.criticality === 'high' ? ' (HIGH)' : ''}
          </Badge>
        ))
      )}
    </span>
  );
}

/**
 * The banner every screen shows wherever a patient is in context: name and two identifiers (MRN,
 * birth date), age, sex, allergies and where the patient is, so no one acts on the wrong patient.
 */
export function PatientBanner({ session, patient, onWristbandPrinted }: { session: Session; patient: Patient; onWristbandPrinted?: () => void }) {
  const current = patient.encounters.find((e) => e.status === 'in-progress' || e.status === 'onleave');
  const born = patient.birthDate ? `${patient.birthDate} (${ageOf(patient.birthDate)} y)` : `unknown${patient.estimatedAgeYears === null ? '' : ` (about ${patient.estimatedAgeYears} years)`}`;
  return (
    <section className={patient.unidentified ? 'banner unidentified' : 'banner'} data-testid="patient-banner" aria-label="Patient">
      {patient.unidentified && <p className="flag">UNIDENTIFIED PATIENT: the name below is an alias. Check the MRN on the wristband.</p>}
      <p data-testid="banner-identity">
        <strong>
          {patient.familyName.toUpperCase()}, {patient.givenNames}
        </strong>{' '}
        MRN {patient.mrn} · born {born} · {patient.sex}
        {current ? ` · ${current.class} in ${current.bedId}` : ' · not admitted'}
      </p>
      <Allergies session={session} patientId={patient.id} />
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
    </section>
  );
}

/** The banner for a patient known by id (the eMAR after a wristband scan): asks ADT who it is. */
export function PatientBannerById({ session, patientId }: { session: Session; patientId: string }) {
  const answer = useQuery({
    queryKey: [session.csrf, 'patient', patientId],
    queryFn: () => gql<{ patient: Patient | null }>(session, `query($id: ID!) { patient(id: $id) { ${patientFields} } }`, { id: patientId }),
    refetchInterval: 10_000,
  });
  if (answer.isPending) return <p role="status">Loading the patient…</p>;
  if (answer.isError || !answer.data.patient)
    return (
      <p role="alert" className="stale">
        Who this patient is could not be shown{answer.error ? `: ${answer.error.message}` : ''}. Do not go on until it is.
      </p>
    );
  return <PatientBanner session={session} patient={answer.data.patient} />;
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
