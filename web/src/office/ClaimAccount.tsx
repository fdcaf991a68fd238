import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useState } from 'react';
import { Link } from 'react-router';
import { gql, type Session } from '../api';
import { useLiveQuery } from '../live';
import { carcInWords, denialNextStep, editFixes, frequencyInWords, queueNames, rarcInWords } from './billing-words';
import { command, download, money, type NamedPatient, namedPatientFields, nameOf, refused, when } from './office-api';
import { linesOf, segmentsOf } from './x12-readable';

interface Account {
  id: string;
  accountClass: string;
  payerId: string | null;
  payerName: string | null;
  principalDiagnosis: string | null;
  holds: string[];
  edits: Array<{ code: string; message: string }>;
  chargesCents: number;
  paidCents: number;
  writtenOffCents: number;
  balanceCents: number;
  patient: NamedPatient | null;
  workItem: { queue: string; reason: string; owner: string } | null;
  claims: Array<{ id: string; version: number; frequency: string; typeOfBill: string; status: string; totalCents: number; payerClaimNumber: string | null; originalPayerClaimNumber: string | null; createdAt: string }>;
  remittances: Array<{ traceNumber: string; payerId: string; payerClaimNumber: string; paidCents: number; postedAt: string }>;
  denials: Array<{ payerClaimNumber: string; carc: string; rarcs: string[]; amountCents: number; category: string; remitDate: string }>;
  history: Array<{ at: string; summary: string; actor: string }>;
}

const accountQuery = `query($a: ID!) { account(id: $a) {
  id accountClass payerId payerName principalDiagnosis holds edits { code message } chargesCents paidCents writtenOffCents balanceCents
  patient { ${namedPatientFields} }
  workItem { queue reason owner }
  claims { id version frequency typeOfBill status totalCents payerClaimNumber originalPayerClaimNumber createdAt }
  remittances { traceNumber payerId payerClaimNumber paidCents postedAt }
  denials { payerClaimNumber carc rarcs amountCents category remitDate }
  history { at summary actor } } }`;

type ClaimAction = 'createClaim' | 'replaceClaim' | 'voidClaim';
const actionWords: Record<ClaimAction, string> = { createClaim: 'Claim sent', replaceClaim: 'Replacement claim sent', voidClaim: 'Void sent' };

/** One account as the biller works it: what stops the claim and how to fix it, the claims with their 837I, the 835s and the denials. */
export function ClaimAccount({ session, accountId, onChanged }: { session: Session; accountId: string; onChanged: () => Promise<void> }) {
  const live = useLiveQuery<{ account: Account | null }>(session, accountQuery, { a: accountId }, 3000);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [opened, setOpened] = useState<{ claimId: string; x12: string | null } | null>(null);
  const account = live.data?.account;

  const after = async (ok: boolean, text: string) => {
    setMessage({ ok, text });
    await Promise.all([live.refresh(), onChanged()]);
  };
  const claim = async (mutation: ClaimAction) => {
    const result = await command<{ __typename: string; message?: string; edits?: Array<{ code: string; message: string }>; claim?: { id: string } }>(
      session,
      mutation,
      `mutation($a: ID!) { ${mutation}(accountId: $a) { __typename ... on ClaimSent { claim { id } } ... on ClaimStopped { edits { code message } } ... on Refusal { code message } } }`,
      { a: accountId },
    );
    if (refused(result)) return after(false, result.message);
    if (result.__typename === 'ClaimStopped') return after(false, `Not sent: ${(result.edits ?? []).map((e) => editFixes[e.code]?.what ?? e.message).join('; ')}. See what fixes it below.`);
    return after(true, `${actionWords[mutation]}: ${result.claim?.id}.`);
  };
  const confirm = (mutation: 'replaceClaim' | 'voidClaim') =>
    modals.openConfirmModal({
      title: mutation === 'replaceClaim' ? 'Send a replacement claim?' : 'Void the claim?',
      children: (
        <Text>
          {mutation === 'replaceClaim'
            ? `A replacement (frequency 7) of the adjudicated claim goes to ${account?.payerName ?? 'the payer'} with every charge now on the account; the payer reprocesses it in place of the original.`
            : `A void (frequency 8) tells ${account?.payerName ?? 'the payer'} to take back the adjudicated claim and anything it paid. Use it for a claim sent to the wrong payer or for a stay that should not have been billed.`}
        </Text>
      ),
      labels: { confirm: mutation === 'replaceClaim' ? 'Send the replacement' : 'Void the claim', cancel: 'Go back' },
      confirmProps: { color: mutation === 'voidClaim' ? 'red.9' : undefined },
      onConfirm: () => void claim(mutation),
    });
  const take = async () => {
    const result = await command(session, 'assignAccount', `mutation($a: ID!, $o: String!) { assignAccount(accountId: $a, owner: $o) { __typename ... on Refusal { code message } } }`, {
      a: accountId,
      o: session.username,
    });
    await after(!refused(result), refused(result) ? result.message : `Account ${accountId} is yours.`);
  };
  const open837 = async (claimId: string) => {
    const answer = await gql<{ claim: { x12: string | null } | null }>(session, `query($c: ID!) { claim(id: $c) { x12 } }`, { c: claimId }).catch((error: Error) => {
      setMessage({ ok: false, text: `The 837I could not be loaded: ${error.message}` });
      return null;
    });
    if (answer) setOpened({ claimId, x12: answer.claim?.x12 ?? null });
  };

  if (!account)
    return (
      <Paper withBorder p="md">
        {live.problem ? (
          <Alert color="red.9" role="alert" title={`Account ${accountId} could not be loaded`}>
            {live.problem}
          </Alert>
        ) : (
          <Text role="status">{live.loading ? `Loading account ${accountId}…` : `No account ${accountId}.`}</Text>
        )}
      </Paper>
    );
  const adjudicated = account.claims.some((c) => c.payerClaimNumber !== null);
  return (
    <Paper withBorder p="md" component="article" aria-label={`Account ${accountId}`} data-testid="claim-account">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {nameOf(account.patient)} · MRN {account.patient?.mrn} · account {account.id} ({account.accountClass})
        </Title>
        <Link to="/billing">Close the account</Link>
      </Group>
      <Text>
        Payer {account.payerName ? `${account.payerName} (${account.payerId})` : 'none recorded: registration records the coverage'} · charges {money(account.chargesCents)} · paid {money(account.paidCents)} · adjusted{' '}
        {money(account.writtenOffCents)} · <strong>balance {money(account.balanceCents)}</strong>
      </Text>
      <Text>
        {account.workItem ? `In ${queueNames[account.workItem.queue] ?? account.workItem.queue}, owned by ${account.workItem.owner}` : 'In no work queue'}
        {account.holds.length > 0 ? ` · on hold: ${account.holds.join(', ')}` : ''}
      </Text>
      <Group my="sm">
        <Button variant="default" onClick={() => void take()}>
          Take the account
        </Button>
        <Button onClick={() => void claim('createClaim')}>Send the claim</Button>
        <Button variant="default" disabled={!adjudicated} onClick={() => confirm('replaceClaim')}>
          Send a replacement claim
        </Button>
        <Button variant="default" color="red.9" disabled={!adjudicated} onClick={() => confirm('voidClaim')}>
          Void the claim
        </Button>
      </Group>
      {message && (
        <Alert color={message.ok ? 'green.9' : 'red.9'} role={message.ok ? 'status' : 'alert'} mb="sm" data-testid="claim-message">
          {message.text}
        </Alert>
      )}
      <Stack gap="xs">
        <section aria-labelledby="edits-heading">
          <h3 id="edits-heading">What stops the claim</h3>
          {account.edits.length === 0 ? (
            <Text>No edit stops this claim.</Text>
          ) : (
            <Table data-testid="edits">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Problem</Table.Th>
                  <Table.Th>Details</Table.Th>
                  <Table.Th>What fixes it</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {account.edits.map((e) => (
                  <Table.Tr key={`${e.code}:${e.message}`}>
                    <Table.Td>{editFixes[e.code]?.what ?? e.code}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                    <Table.Td>{editFixes[e.code]?.fix ?? 'See the details.'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
        <section aria-labelledby="claims-heading">
          <h3 id="claims-heading">Claims</h3>
          {account.claims.length === 0 ? (
            <Text>No claim sent yet.</Text>
          ) : (
            <Table data-testid="claims">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Claim</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Type of bill</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Total</Table.Th>
                  <Table.Th>Payer claim no.</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>837I</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {account.claims.map((c) => (
                  <Table.Tr key={c.id} data-claim={c.id}>
                    <Table.Td>{c.id}</Table.Td>
                    <Table.Td>
                      {frequencyInWords[c.frequency] ?? c.frequency}
                      {c.originalPayerClaimNumber ? ` of ${c.originalPayerClaimNumber}` : ''}
                    </Table.Td>
                    <Table.Td>{c.typeOfBill}</Table.Td>
                    <Table.Td>{c.status}</Table.Td>
                    <Table.Td>{money(c.totalCents)}</Table.Td>
                    <Table.Td>{c.payerClaimNumber ?? 'not yet'}</Table.Td>
                    <Table.Td>{when(c.createdAt)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => void open837(c.id)}>
                        Open the 837I of {c.id}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
        {opened && <Claim837 claimId={opened.claimId} x12={opened.x12} />}
        <section aria-labelledby="remits-heading">
          <h3 id="remits-heading">Payments (835)</h3>
          {account.remittances.length === 0 ? (
            <Text>No 835 has answered a claim of this account.</Text>
          ) : (
            <Table data-testid="remittances">
              <Table.Tbody>
                {account.remittances.map((r) => (
                  <Table.Tr key={`${r.traceNumber}:${r.payerClaimNumber}`}>
                    <Table.Td>835 trace {r.traceNumber}</Table.Td>
                    <Table.Td>payer {r.payerId}</Table.Td>
                    <Table.Td>payer claim {r.payerClaimNumber}</Table.Td>
                    <Table.Td>paid {money(r.paidCents)}</Table.Td>
                    <Table.Td>posted {when(r.postedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
        {account.denials.length > 0 && (
          <section aria-labelledby="denials-heading">
            <h3 id="denials-heading">Denials</h3>
            <Table data-testid="denials">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Remit</Table.Th>
                  <Table.Th>Why (CARC)</Table.Th>
                  <Table.Th>Remarks (RARC)</Table.Th>
                  <Table.Th>Amount</Table.Th>
                  <Table.Th>Next step</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {account.denials.map((d) => (
                  <Table.Tr key={`${d.payerClaimNumber}:${d.carc}:${d.remitDate}`}>
                    <Table.Td>
                      {d.remitDate}, payer claim {d.payerClaimNumber}
                    </Table.Td>
                    <Table.Td>
                      {d.carc}: {carcInWords(d.carc)} ({d.category})
                    </Table.Td>
                    <Table.Td>{d.rarcs.length === 0 ? 'none' : d.rarcs.map((r) => `${r}: ${rarcInWords(r)}`).join('; ')}</Table.Td>
                    <Table.Td>{money(d.amountCents)}</Table.Td>
                    <Table.Td>{denialNextStep[d.category] ?? 'Review the remit and the claim, then appeal, correct or adjust.'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        )}
        <section aria-labelledby="history-heading">
          <h3 id="history-heading">History</h3>
          <ol data-testid="history">
            {account.history.map((h) => (
              <li key={`${h.at}:${h.summary}`}>
                {when(h.at)} · {h.summary} <small>({h.actor})</small>
              </li>
            ))}
          </ol>
        </section>
      </Stack>
    </Paper>
  );
}

/** The 837I of one claim: its lines, every segment named, and the file to download. */
function Claim837({ claimId, x12 }: { claimId: string; x12: string | null }) {
  if (!x12) return <Alert color="dark" variant="outline" role="alert">The 837I of {claimId} cannot be built: the patient is not known to billing yet (no MRN).</Alert>;
  const lines = linesOf(x12);
  return (
    <section aria-labelledby="x12-heading" data-testid="claim-837">
      <Group justify="space-between">
        <h3 id="x12-heading">837I of {claimId}</h3>
        <Button size="compact-sm" variant="default" onClick={() => download(`${claimId}.837i.x12`, x12, 'application/edi-x12')}>
          Download the 837I of {claimId}
        </Button>
      </Group>
      <h4>Lines</h4>
      <Table data-testid="claim-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Revenue code</Table.Th>
            <Table.Th>HCPCS</Table.Th>
            <Table.Th>Date</Table.Th>
            <Table.Th>Units</Table.Th>
            <Table.Th>Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.line}>
              <Table.Td>{l.line}</Table.Td>
              <Table.Td>{l.revenueCode}</Table.Td>
              <Table.Td>{l.hcpcs ?? ''}</Table.Td>
              <Table.Td>{l.date ?? ''}</Table.Td>
              <Table.Td>{l.units}</Table.Td>
              <Table.Td>${l.amount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <h4>Segments</h4>
      <div role="region" aria-label={`Segments of the 837I of ${claimId}`} tabIndex={0} style={{ maxHeight: 260, overflow: 'auto' }}>
        <Table fz="xs" data-testid="segments">
          <Table.Tbody>
            {segmentsOf(x12).map((s, i) => (
              <Table.Tr key={i}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.name}</Table.Td>
                <Table.Td>
                  <code>{s.text}~</code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  );
}
