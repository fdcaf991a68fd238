import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@mantine/core';
import { gql, newIdempotencyKey, type Session } from './api';
import { useInFlight } from './in-flight';
import { type Patient, PatientBanner, patientFields, PatientSearch } from './patient';

interface FreeBed {
  id: string;
  unitId: string;
  isolation: string | null;
}

/** The admission form offers only beds that can take a patient now: clean and not held. */
function useFreeBeds(session: Session, when: unknown): FreeBed[] {
  const [beds, setBeds] = useState<FreeBed[]>([]);
  useEffect(() => {
    let live = true;
    gql<{ bedBoard: Array<FreeBed & { status: string }> }>(session, '{ bedBoard { id unitId isolation status } }')
      .then((data) => live && setBeds(data.bedBoard.filter((b) => b.status === 'available')))
      .catch(() => live && setBeds([]));
    return () => {
      live = false;
    };
  }, [session, when]);
  return beds;
}

export function Patients({ session }: { session: Session }) {
  const [selected, setSelected] = useState<Patient | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [form, setForm] = useState({ familyName: '', givenNames: '', birthDate: '', sex: 'female', reason: '' });
  const [bed, setBed] = useState({ bedId: '', unitId: '' });
  const [admissionClass, setAdmissionClass] = useState('inpatient');
  const [admitKey, setAdmitKey] = useState(() => newIdempotencyKey());
  // One key per registration of what the form holds: a double click or a retry makes one patient
  // and one MRN; a change to the form is another registration, with a key of its own.
  const [registerKey, setRegisterKey] = useState(newIdempotencyKey);
  useEffect(() => setRegisterKey(newIdempotencyKey()), [form]);
  const registering = useInFlight();
  const admitting = useInFlight();
  const freeBeds = useFreeBeds(session, selected);
  const units = [...new Set(freeBeds.map((b) => b.unitId))];

  const register = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    type Result = { registerPatient: { __typename: string; patient?: Patient; message?: string } };
    const data: Result = await gql<Result>(
      session,
      `mutation($d: DemographicsInput!, $r: String, $k: String) { registerPatient(demographics: $d, duplicateOverrideReason: $r, idempotencyKey: $k) { __typename ... on PatientRegistered { patient { ${patientFields} } } ... on Refusal { message } } }`,
      {
        d: { familyName: form.familyName, givenNames: form.givenNames.split(' ').filter(Boolean), birthDate: form.birthDate, sex: form.sex },
        r: form.reason || null,
        k: registerKey,
      },
    ).catch((error: Error): Result => ({ registerPatient: { __typename: 'Refusal', message: error.message } }));
    const result = data.registerPatient;
    if (result.patient) {
      // Registering again is another registration (the duplicate check then speaks).
      setRegisterKey(newIdempotencyKey());
      setSelected(result.patient);
      setMessage(`Registered with MRN ${result.patient.mrn}`);
    } else setMessage(result.message ?? 'refused');
  };

  const [arrival, setArrival] = useState({ sex: 'unknown', age: '', circumstances: '' });
  const [arrivalKey, setArrivalKey] = useState(newIdempotencyKey);
  useEffect(() => setArrivalKey(newIdempotencyKey()), [arrival]);
  const registerUnidentified = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    type Result = { registerUnidentifiedPatient: { __typename: string; patient?: Patient; message?: string } };
    const data: Result = await gql<Result>(
      session,
      `mutation($s: String!, $a: Int, $c: String!, $k: String) { registerUnidentifiedPatient(sex: $s, estimatedAgeYears: $a, circumstances: $c, idempotencyKey: $k) { __typename ... on PatientRegistered { patient { ${patientFields} } } ... on Refusal { message } } }`,
      { s: arrival.sex, a: arrival.age === '' ? null : Number(arrival.age), c: arrival.circumstances, k: arrivalKey },
    ).catch((error: Error): Result => ({ registerUnidentifiedPatient: { __typename: 'Refusal', message: error.message } }));
    const result = data.registerUnidentifiedPatient;
    if (result.patient) {
      setArrivalKey(newIdempotencyKey());
      setSelected(result.patient);
      setMessage(`Registered as ${result.patient.familyName} ${result.patient.givenNames}, MRN ${result.patient.mrn}`);
    } else setMessage(result.message ?? 'refused');
  };

  const wristbandPrinted = async (patient: Patient) => {
    type Result = { confirmWristbandPrinted: { __typename: string; patient?: Patient; message?: string } };
    const data = await gql<Result>(session, `mutation($p: ID!) { confirmWristbandPrinted(patientId: $p) { __typename ... on PatientChanged { patient { ${patientFields} } } ... on Refusal { message } } }`, { p: patient.id }).catch(
      (error: Error): Result => ({ confirmWristbandPrinted: { __typename: 'Refusal', message: error.message } }),
    );
    if (data.confirmWristbandPrinted.patient) setSelected(data.confirmWristbandPrinted.patient);
    else setMessage(data.confirmWristbandPrinted.message ?? 'refused');
  };

  const admit = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    const data = await gql<{ admitPatient: { __typename: string; message?: string } }>(
      session,
      `mutation($p: ID!, $c: String!, $b: BedInput!, $k: String) { admitPatient(patientId: $p, class: $c, bed: $b, idempotencyKey: $k) { __typename ... on Refusal { message } } }`,
      { p: selected.id, c: admissionClass, b: bed, k: admitKey },
    ).catch((error: Error) => ({ admitPatient: { __typename: 'Refusal', message: error.message } }));
    const admitted = data.admitPatient.__typename !== 'Refusal';
    // A retry of this admission (a double tap, a lost answer) sends the same key; the next admission a new one.
    if (admitted) setAdmitKey(newIdempotencyKey());
    setMessage(admitted ? `Admitted (${admissionClass}) to ${bed.bedId}` : (data.admitPatient.message ?? 'refused'));
    setBed({ bedId: '', unitId: bed.unitId });
    const refreshed = await gql<{ patient: Patient }>(session, `query($id: ID!) { patient(id: $id) { ${patientFields} } }`, { id: selected.id });
    setSelected(refreshed.patient);
  };

  return (
    <section aria-label="Patients">
      {selected && <PatientBanner session={session} patient={selected} onWristbandPrinted={() => void wristbandPrinted(selected)} />}
      {selected && (
        <p className="row">
          <Link to={`/chart/${selected.id}`}>Open the chart of {selected.familyName.toUpperCase()}, {selected.givenNames}</Link>
          <Link to={`/wristband/${selected.id}`}>Print wristband and labels</Link>
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <PatientSearch session={session} onSelect={setSelected} />
      <h2>Register a patient</h2>
      <form onSubmit={registering.submit(register)} className="grid">
        <label>
          Family name <input name="familyName" value={form.familyName} onChange={(e) => setForm({ ...form, familyName: e.target.value })} required />
        </label>
        <label>
          Given names <input name="givenNames" value={form.givenNames} onChange={(e) => setForm({ ...form, givenNames: e.target.value })} required />
        </label>
        <label>
          Birth date <input name="birthDate" type="date" value={form.birthDate} onChange={(e) => setForm({ ...form, birthDate: e.target.value })} required />
        </label>
        <label>
          Sex{' '}
          <select name="sex" value={form.sex} onChange={(e) => setForm({ ...form, sex: e.target.value })}>
            <option>female</option>
            <option>male</option>
            <option>other</option>
            <option>unknown</option>
          </select>
        </label>
        <label>
          If a possible duplicate is found, why register anyway? <input name="reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </label>
        <Button type="submit" loading={registering.busy}>
          Register
        </Button>
      </form>
      <h2>Unidentified arrival</h2>
      <form onSubmit={registering.submit(registerUnidentified)} className="grid" aria-label="Unidentified arrival">
        <label>
          Sex as observed{' '}
          <select name="arrivalSex" value={arrival.sex} onChange={(e) => setArrival({ ...arrival, sex: e.target.value })}>
            <option>unknown</option>
            <option>female</option>
            <option>male</option>
            <option>other</option>
          </select>
        </label>
        <label>
          Estimated age (years) <input name="estimatedAge" type="number" min={0} max={130} value={arrival.age} onChange={(e) => setArrival({ ...arrival, age: e.target.value })} />
        </label>
        <label>
          How and where they arrived <input name="circumstances" value={arrival.circumstances} onChange={(e) => setArrival({ ...arrival, circumstances: e.target.value })} required />
        </label>
        <Button type="submit" loading={registering.busy}>
          Register unidentified
        </Button>
      </form>
      {selected && (
        <>
          <h2>Admit {selected.familyName}</h2>
          <form onSubmit={admitting.submit(admit)} className="row">
            <label>
              Class{' '}
              <select name="class" value={admissionClass} onChange={(e) => setAdmissionClass(e.target.value)}>
                <option value="inpatient">Inpatient</option>
                <option value="observation">Observation (outpatient status)</option>
                <option value="emergency">Emergency</option>
              </select>
            </label>
            <label>
              Unit{' '}
              <select name="unitId" value={bed.unitId} onChange={(e) => setBed({ unitId: e.target.value, bedId: '' })} required>
                <option value="">Choose a unit</option>
                {units.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </label>
            <label>
              Clean bed{' '}
              <select name="bedId" value={bed.bedId} onChange={(e) => setBed({ ...bed, bedId: e.target.value })} required>
                <option value="">{bed.unitId ? 'Choose a bed' : 'Choose a unit first'}</option>
                {freeBeds
                  .filter((b) => b.unitId === bed.unitId)
                  .map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.id}
                      {b.isolation ? ` (isolation: ${b.isolation})` : ''}
                    </option>
                  ))}
              </select>
            </label>
            <Button type="submit" loading={admitting.busy}>
              Admit
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
