import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { gql, type Session } from '../api';
import { ageOf, type Patient, patientFields, PatientSearch } from '../patient';
import { Barcode } from './Barcode';
import { wristbandCode } from './barcode-options';

interface Allergy {
  substance: string;
  criticality: string;
}

const query = `query($p: ID!) { patient(id: $p) { ${patientFields} allergies { substance criticality } } }`;

/** How many chart and specimen labels a sheet holds. */
const labelsPerSheet = 6;

/** The patient's wristband and a sheet of labels, printed from the browser. */
export function Wristband({ session }: { session: Session }) {
  const patientId = useParams().patientId ?? null;
  const navigate = useNavigate();
  const answer = useQuery({
    queryKey: [session.csrf, 'wristband', patientId],
    queryFn: () => gql<{ patient: (Patient & { allergies: Allergy[] | null }) | null }>(session, query, { p: patientId }),
    enabled: patientId !== null,
  });
  if (!patientId) return <PatientSearch session={session} onSelect={(p) => void navigate(`/wristband/${p.id}`)} />;
  if (answer.isPending)
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" aria-hidden /> <Text>Loading the patient…</Text>
      </Group>
    );
  // Without the allergy list a band would read as "no allergies": better none printed than a wrong one.
  if (answer.isError || !answer.data.patient)
    return (
      <Alert color="red" role="alert" title="The wristband cannot be printed">
        {answer.error ? answer.error.message : 'No such patient.'} Nothing was printed.
      </Alert>
    );
  const patient = answer.data.patient;
  const allergies = patient.allergies ?? [];
  const born = patient.birthDate ? `${patient.birthDate} (${ageOf(patient.birthDate)} y)` : 'unknown';
  const name = `${patient.familyName.toUpperCase()}, ${patient.givenNames}`;
  return (
    <>
      <Group className="no-print" gap="xs" mb="sm">
        <Button onClick={() => window.print()}>Print wristband and labels</Button>
        <Button component={Link} to={`/chart/${patient.id}`} variant="outline">
          Back to the chart
        </Button>
      </Group>
      <section className="wristband" aria-label="Wristband" data-testid="wristband">
        <div>
          <p className="wristband-name">{name}</p>
          <p>
            MRN {patient.mrn} · born {born} · {patient.sex}
          </p>
          <p className={allergies.length ? 'wristband-allergy' : ''} data-testid="wristband-allergies">
            {allergies.length ? `ALLERGIES: ${allergies.map((a) => a.substance).join(', ')}` : 'Allergies: none recorded'}
          </p>
        </div>
        <Barcode text={wristbandCode(patient.mrn)} label={`Wristband barcode for ${name}, MRN ${patient.mrn}`} />
      </section>
      <section className="labels" aria-label="Labels">
        {Array.from({ length: labelsPerSheet }, (_, i) => (
          <div className="label" key={i} data-testid="label">
            <p>
              <strong>{name}</strong>
            </p>
            <p>
              MRN {patient.mrn} · {patient.birthDate ?? 'born unknown'} · {patient.sex}
            </p>
            <Barcode text={patient.mrn} label={`Label barcode, MRN ${patient.mrn}`} />
          </div>
        ))}
      </section>
    </>
  );
}
