import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { gql, newIdempotencyKey, type Session } from '../api';
import { PatientBannerById } from '../patient';
import { filingIndicators } from './billing-words';
import { command, type NamedPatient, namedPatientFields, refused } from './office-api';

interface Encounter {
  id: string;
  class: string;
  status: string;
  bedId: string | null;
  admittedAt: string | null;
  attending: { npi: string; familyName: string; givenName: string } | null;
  account: { id: string; payerId: string | null; payerName: string | null } | null;
}
const encounterFields = 'id class status bedId admittedAt attending { npi familyName givenName } account { id payerId payerName }';

const emptyPerson = { familyName: '', givenNames: '', birthDate: '', sex: 'female', phone: '', street: '', city: '', state: '', postalCode: '' };
type Person = typeof emptyPerson;

/**
 * Registration: who the patient is (with the address and phone the claim needs), checked against
 * the patients already known before a new record is made; then the admission with its attending,
 * then the payer covering the stay.
 */
export function Registration({ session }: { session: Session }) {
  const { patientId } = useParams();
  const navigate = useNavigate();
  return (
    <Stack>
      {!patientId && <RegisterPatient session={session} onRegistered={(id) => void navigate(`/register/${id}`)} />}
      {patientId && (
        <>
          <Group justify="space-between">
            <PatientBannerById session={session} patientId={patientId} />
            <Button variant="default" onClick={() => void navigate('/register')}>
              Register another patient
            </Button>
          </Group>
          <Stay session={session} patientId={patientId} />
        </>
      )}
    </Stack>
  );
}

function RegisterPatient({ session, onRegistered }: { session: Session; onRegistered: (patientId: string) => void }) {
  const [person, setPerson] = useState<Person>(emptyPerson);
  const [matches, setMatches] = useState<Array<NamedPatient & { birthDate: string | null }> | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per registration of these demographics: a double click or a retry makes one patient and one MRN.
  const [key, setKey] = useState(newIdempotencyKey);
  const set = (field: keyof Person) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setPerson((p) => ({ ...p, [field]: value }));
    setKey(newIdempotencyKey());
    // A changed name or birth date must be checked for duplicates again.
    if (field === 'familyName' || field === 'birthDate') setMatches(null);
  };

  const register = async (reason: string | null) => {
    const demographics = {
      familyName: person.familyName.trim(),
      givenNames: person.givenNames.trim().split(/\s+/),
      birthDate: person.birthDate,
      sex: person.sex,
      phone: person.phone.trim() || null,
      address: { line: [person.street.trim()], city: person.city.trim(), state: person.state.trim().toUpperCase(), postalCode: person.postalCode.trim() },
    };
    const result = await command<{ __typename: string; message?: string; patient?: { id: string } }>(
      session,
      'registerPatient',
      `mutation($d: DemographicsInput!, $r: String, $k: String) {
        registerPatient(demographics: $d, duplicateOverrideReason: $r, idempotencyKey: $k) { __typename ... on PatientRegistered { patient { id } } ... on Refusal { code message } } }`,
      { d: demographics, r: reason, k: key },
    );
    if (refused(result)) setProblem(result.message);
    else onRegistered(result.patient!.id);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      // The duplicate check comes first: a second record for one person splits their chart.
      const found = await gql<{ searchPatients: Array<NamedPatient & { birthDate: string | null }> }>(
        session,
        `query($f: String!, $b: String) { searchPatients(familyName: $f, birthDate: $b, limit: 10) { ${namedPatientFields} birthDate } }`,
        { f: person.familyName.trim(), b: person.birthDate },
      );
      const same = found.searchPatients.filter((p) => p.familyName.toLowerCase() === person.familyName.trim().toLowerCase());
      if (same.length > 0) setMatches(same);
      else await register(null);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-heading">
      <Title order={2} id="register-heading" size="h3" mb="sm">
        Register a patient
      </Title>
      <form onSubmit={(e) => void submit(e)} aria-label="Register a patient">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Family name" name="familyName" required value={person.familyName} onChange={set('familyName')} />
          <TextInput label="Given names" name="givenNames" required value={person.givenNames} onChange={set('givenNames')} />
          <TextInput label="Birth date" name="birthDate" type="date" required value={person.birthDate} onChange={set('birthDate')} />
          <NativeSelect label="Sex" name="sex" value={person.sex} onChange={set('sex')} data={['female', 'male', 'other', 'unknown']} />
          <TextInput label="Phone" name="phone" type="tel" required value={person.phone} onChange={set('phone')} />
          <TextInput label="Street" name="street" required value={person.street} onChange={set('street')} />
          <TextInput label="City" name="city" required value={person.city} onChange={set('city')} />
          <TextInput label="State (2 letters)" name="state" required maxLength={2} value={person.state} onChange={set('state')} />
          <TextInput label="ZIP code" name="postalCode" required value={person.postalCode} onChange={set('postalCode')} />
        </SimpleGrid>
        {!matches && (
          <Button type="submit" mt="md" loading={busy}>
            Check for duplicates and register
          </Button>
        )}
      </form>
      {problem && (
        <Alert color="red.9" title="Not registered" role="alert" mt="md">
          {problem}
        </Alert>
      )}
      {matches && (
        <Alert color="dark" variant="outline" title="This patient may already be registered" role="alert" mt="md" data-testid="duplicate-warning">
          <Text mb="xs">
            {matches.length} patient{matches.length === 1 ? '' : 's'} with this family name and birth date {matches.length === 1 ? 'is' : 'are'} already known. Use the existing record if it is the same person.
          </Text>
          <Table>
            <Table.Tbody>
              {matches.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    {p.familyName}, {p.givenNames}
                  </Table.Td>
                  <Table.Td>MRN {p.mrn}</Table.Td>
                  <Table.Td>born {p.birthDate}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" onClick={() => onRegistered(p.id)}>
                      Use MRN {p.mrn}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group align="end" mt="sm">
            <TextInput label="Why this is a different person" name="overrideReason" value={overrideReason} onChange={(e) => setOverrideReason(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button color="dark" disabled={overrideReason.trim().length < 5} loading={busy} onClick={() => void register(overrideReason.trim())}>
              Register as a new patient
            </Button>
          </Group>
        </Alert>
      )}
    </Paper>
  );
}

/** The patient's stay: the current admission (or a form to admit), then its coverage. */
function Stay({ session, patientId }: { session: Session; patientId: string }) {
  const answer = useQuery({
    queryKey: [session.csrf, 'registration-stay', patientId],
    queryFn: () => gql<{ patient: { encounters: Encounter[] } | null }>(session, `query($p: ID!) { patient(id: $p) { encounters { ${encounterFields} } } }`, { p: patientId }),
    // The account is opened by billing a moment after the admission: ask until it is there.
    refetchInterval: (query) => (query.state.data?.patient?.encounters.some((e) => e.status === 'in-progress' && !e.account) ? 1000 : 10_000),
  });
  if (answer.isPending) return <Text role="status">Loading the patient’s stays…</Text>;
  if (answer.isError)
    return (
      <Alert color="red.9" role="alert" title="The stays could not be loaded">
        {answer.error.message}
      </Alert>
    );
  const current = answer.data.patient?.encounters.find((e) => e.status === 'in-progress' || e.status === 'onleave');
  if (!current) return <Admit session={session} patientId={patientId} onAdmitted={() => void answer.refetch()} />;
  return (
    <>
      <Paper withBorder p="md" component="section" aria-labelledby="admission-heading" data-testid="admission">
        <Title order={2} id="admission-heading" size="h3">
          Admission
        </Title>
        <Text>
          {current.class} in bed {current.bedId} since {current.admittedAt ? new Date(current.admittedAt).toLocaleString() : 'unknown'} · attending{' '}
          {current.attending ? `Dr. ${current.attending.givenName} ${current.attending.familyName} (NPI ${current.attending.npi})` : 'not named'}
        </Text>
      </Paper>
      {current.account ? (
        <Coverage session={session} account={current.account} onRecorded={() => void answer.refetch()} />
      ) : (
        <Text role="status">Billing is opening the hospital account for this stay…</Text>
      )}
    </>
  );
}

function Admit({ session, patientId, onAdmitted }: { session: Session; patientId: string; onAdmitted: () => void }) {
  const choices = useQuery({
    queryKey: [session.csrf, 'admission-choices'],
    queryFn: () =>
      gql<{ bedBoard: Array<{ id: string; unitId: string; label: string; status: string }>; providers: Array<{ npi: string; familyName: string; givenName: string }> }>(
        session,
        `{ bedBoard { id unitId label status } providers { npi familyName givenName } }`,
      ),
  });
  const [cls, setCls] = useState('inpatient');
  const [bedId, setBedId] = useState('');
  const [npi, setNpi] = useState('');
  const [admittedAt, setAdmittedAt] = useState('');
  const [lateReason, setLateReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per admission intent: a double click or a retry admits once.
  const [key] = useState(newIdempotencyKey);
  const free = (choices.data?.bedBoard ?? []).filter((b) => b.status === 'available');
  const admit = async (e: FormEvent) => {
    e.preventDefault();
    const bed = free.find((b) => b.id === bedId);
    if (!bed) return setProblem('Choose a free bed.');
    setBusy(true);
    setProblem(null);
    const result = await command(
      session,
      'admitPatient',
      `mutation($p: ID!, $c: String!, $b: BedInput!, $n: String, $k: String, $at: String, $late: String) {
        admitPatient(patientId: $p, class: $c, bed: $b, attendingNpi: $n, idempotencyKey: $k, at: $at, lateEntryReason: $late) { __typename ... on Refusal { code message } } }`,
      { p: patientId, c: cls, b: { bedId: bed.id, unitId: bed.unitId }, n: npi || null, k: key, at: admittedAt ? new Date(admittedAt).toISOString() : null, late: lateReason.trim() || null },
    );
    setBusy(false);
    if (refused(result)) setProblem(result.message);
    else onAdmitted();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="admit-heading">
      <Title order={2} id="admit-heading" size="h3" mb="sm">
        Admit
      </Title>
      {choices.isError && (
        <Alert color="red.9" role="alert" title="Beds and physicians could not be loaded">
          {choices.error.message}
        </Alert>
      )}
      <form onSubmit={(e) => void admit(e)} aria-label="Admit the patient">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect label="Class" name="class" value={cls} onChange={(e) => setCls(e.currentTarget.value)} data={['inpatient', 'observation']} />
          <NativeSelect
            label="Bed"
            name="bed"
            required
            value={bedId}
            onChange={(e) => setBedId(e.currentTarget.value)}
            data={[{ value: '', label: choices.isPending ? 'Loading beds…' : `Choose one of ${free.length} free beds` }, ...free.map((b) => ({ value: b.id, label: `${b.label} (${b.unitId})` }))]}
          />
          <NativeSelect
            label="Attending physician"
            name="attending"
            required
            value={npi}
            onChange={(e) => setNpi(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose the attending' }, ...(choices.data?.providers ?? []).map((p) => ({ value: p.npi, label: `Dr. ${p.givenName} ${p.familyName} (NPI ${p.npi})` }))]}
          />
          <TextInput type="datetime-local" label="Admitted at (blank: now)" name="admittedAt" value={admittedAt} onChange={(e) => setAdmittedAt(e.currentTarget.value)} />
          <TextInput label="Why entered late (for an admission entered long after)" name="lateEntryReason" value={lateReason} onChange={(e) => setLateReason(e.currentTarget.value)} />
        </SimpleGrid>
        <Button type="submit" mt="md" loading={busy}>
          Admit
        </Button>
      </form>
      {problem && (
        <Alert color="red.9" role="alert" title="Not admitted" mt="md">
          {problem}
        </Alert>
      )}
    </Paper>
  );
}

/** How the patient stands to the subscriber or the guarantor (sent as the X12 relationship code). */
const relationships = [
  { value: 'self', label: 'Self (the patient)' },
  { value: 'spouse', label: 'Spouse' },
  { value: 'child', label: 'Child (the patient is their child)' },
  { value: 'other', label: 'Other relationship' },
];
const emptyInsured = { familyName: '', givenName: '', birthDate: '', sex: 'female', street: '', city: '', state: '', postalCode: '' };
type Insured = typeof emptyInsured;
const emptyCoverage = { rank: 'primary', payerId: '', payerName: '', filingIndicator: 'CI', memberId: '', wantsDrg: false, planName: '', groupNumber: '', relationship: 'self', effectiveFrom: '', effectiveThrough: '' };

/** The person as the service takes them; the address only when a street was given. */
const insuredInput = (person: Insured) => ({
  familyName: person.familyName.trim(),
  givenName: person.givenName.trim(),
  birthDate: person.birthDate,
  sex: person.sex,
  address: person.street.trim() ? { line: [person.street.trim()], city: person.city.trim(), state: person.state.trim(), postalCode: person.postalCode.trim() } : null,
});

/** Name, birth date, sex and address of a subscriber or guarantor who is not the patient. */
function InsuredFields({ prefix, person, onChange }: { prefix: string; person: Insured; onChange: (person: Insured) => void }) {
  const set = (field: keyof Insured) => (e: { currentTarget: { value: string } }) => onChange({ ...person, [field]: e.currentTarget.value });
  return (
    <SimpleGrid cols={{ base: 1, sm: 4 }} mt="sm">
      <TextInput label="Family name" name={`${prefix}FamilyName`} required value={person.familyName} onChange={set('familyName')} />
      <TextInput label="Given name" name={`${prefix}GivenName`} required value={person.givenName} onChange={set('givenName')} />
      <TextInput type="date" label="Birth date" name={`${prefix}BirthDate`} required value={person.birthDate} onChange={set('birthDate')} />
      <NativeSelect label="Sex" name={`${prefix}Sex`} value={person.sex} onChange={set('sex')} data={['female', 'male', 'unknown']} />
      <TextInput label="Street" name={`${prefix}Street`} value={person.street} onChange={set('street')} />
      <TextInput label="City" name={`${prefix}City`} value={person.city} onChange={set('city')} />
      <TextInput label="State" name={`${prefix}State`} value={person.state} onChange={set('state')} />
      <TextInput label="ZIP code" name={`${prefix}PostalCode`} value={person.postalCode} onChange={set('postalCode')} />
    </SimpleGrid>
  );
}

function Coverage({ session, account, onRecorded }: { session: Session; account: NonNullable<Encounter['account']>; onRecorded: () => void }) {
  const [coverage, setCoverage] = useState(emptyCoverage);
  const [subscriber, setSubscriber] = useState(emptyInsured);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof emptyCoverage) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setCoverage((c) => ({ ...c, [field]: value }));
  };
  const self = coverage.relationship === 'self';
  const record = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await command(
      session,
      'recordCoverage',
      `mutation($i: CoverageInput!) { recordCoverage(input: $i) { __typename ... on Refusal { code message } } }`,
      {
        i: {
          accountId: account.id,
          ...coverage,
          payerId: coverage.payerId.trim(),
          payerName: coverage.payerName.trim(),
          memberId: coverage.memberId.trim(),
          subscriber: self ? null : insuredInput(subscriber),
        },
      },
    );
    setBusy(false);
    const whose = self ? '' : ` (subscriber ${subscriber.givenName.trim()} ${subscriber.familyName.trim()}, ${coverage.relationship})`;
    setMessage(refused(result) ? { ok: false, text: result.message } : { ok: true, text: `Coverage recorded: ${coverage.payerName.trim()} (${coverage.rank}), member ${coverage.memberId.trim()}.${whose}` });
    if (!refused(result)) onRecorded();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="coverage-heading" data-testid="coverage">
      <Title order={2} id="coverage-heading" size="h3">
        Coverage for account {account.id}
      </Title>
      <Text mb="sm" data-testid="coverage-now">
        Payer on the account: {account.payerName ? `${account.payerName} (${account.payerId})` : 'none yet: the claim cannot go until one is recorded'}
      </Text>
      <form onSubmit={(e) => void record(e)} aria-label="Record coverage">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect label="Rank" name="rank" value={coverage.rank} onChange={set('rank')} data={['primary', 'secondary', 'tertiary']} />
          <TextInput label="Payer id" name="payerId" required value={coverage.payerId} onChange={set('payerId')} />
          <TextInput label="Payer name" name="payerName" required value={coverage.payerName} onChange={set('payerName')} />
          <TextInput label="Plan" name="planName" value={coverage.planName} onChange={set('planName')} />
          <TextInput label="Group number" name="groupNumber" value={coverage.groupNumber} onChange={set('groupNumber')} />
          <NativeSelect label="Claim filing indicator" name="filingIndicator" value={coverage.filingIndicator} onChange={set('filingIndicator')} data={filingIndicators} />
          <TextInput label="Member id" name="memberId" required value={coverage.memberId} onChange={set('memberId')} />
          <TextInput type="date" label="Eligible from" name="effectiveFrom" value={coverage.effectiveFrom} onChange={set('effectiveFrom')} />
          <TextInput type="date" label="Eligible through (blank: open-ended)" name="effectiveThrough" value={coverage.effectiveThrough} onChange={set('effectiveThrough')} />
          <NativeSelect label="Subscriber is" name="relationship" value={coverage.relationship} onChange={set('relationship')} data={relationships} />
          <Checkbox mt="xl" label="The contract wants the MS-DRG on the claim" checked={coverage.wantsDrg} onChange={(e) => setCoverage((c) => ({ ...c, wantsDrg: e.currentTarget.checked }))} />
        </SimpleGrid>
        {!self && (
          <Fieldset legend="Subscriber (the policy holder, as the card shows them)" mt="md">
            <InsuredFields prefix="subscriber" person={subscriber} onChange={setSubscriber} />
          </Fieldset>
        )}
        <Button type="submit" mt="md" loading={busy}>
          Record coverage
        </Button>
      </form>
      {message && (
        <Alert color={message.ok ? 'green.9' : 'red.9'} role={message.ok ? 'status' : 'alert'} mt="md" title={message.ok ? 'Saved' : 'Not recorded'}>
          {message.text}
        </Alert>
      )}
      <Guarantor session={session} accountId={account.id} />
    </Paper>
  );
}

/** Who answers for what the payers leave to the patient: the patient, or the person named. */
function Guarantor({ session, accountId }: { session: Session; accountId: string }) {
  const [relationship, setRelationship] = useState('self');
  const [person, setPerson] = useState(emptyInsured);
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const self = relationship === 'self';
  const record = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await command(
      session,
      'recordGuarantor',
      `mutation($i: GuarantorInput!) { recordGuarantor(input: $i) { __typename ... on Refusal { code message } } }`,
      { i: { accountId, relationship, person: self ? null : insuredInput(person), phone: self ? null : phone.trim() } },
    );
    setBusy(false);
    const who = self ? 'the patient' : `${person.givenName.trim()} ${person.familyName.trim()} (${relationship})`;
    setMessage(refused(result) ? { ok: false, text: result.message } : { ok: true, text: `Guarantor recorded: ${who}.` });
  };
  return (
    <form onSubmit={(e) => void record(e)} aria-label="Record guarantor">
      <Title order={3} size="h4" mt="lg">
        Guarantor
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect label="Guarantor is" name="guarantorRelationship" value={relationship} onChange={(e) => setRelationship(e.currentTarget.value)} data={relationships} />
        {!self && <TextInput label="Guarantor phone" name="guarantorPhone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />}
      </SimpleGrid>
      {!self && <InsuredFields prefix="guarantor" person={person} onChange={setPerson} />}
      <Button type="submit" mt="md" variant="default" loading={busy}>
        Record guarantor
      </Button>
      {message && (
        <Alert color={message.ok ? 'green.9' : 'red.9'} role={message.ok ? 'status' : 'alert'} mt="md" title={message.ok ? 'Saved' : 'Not recorded'}>
          {message.text}
        </Alert>
      )}
    </form>
  );
}
