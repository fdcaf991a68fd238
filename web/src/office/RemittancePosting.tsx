import { Alert, Button, FileInput, Paper, Table, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { Session } from '../api';
import { claimStatusInWords } from './billing-words';
import { command, money, refused } from './office-api';

interface Posted {
  accountId: string;
  payerClaimNumber: string;
  claimStatus: string;
  paidCents: number;
  applied: boolean;
}

/** Posting a payer's 835: pasted or loaded from a file; posted whole or refused whole, with why. */
export function RemittancePosting({ session, onPosted }: { session: Session; onPosted: () => void }) {
  const [x12, setX12] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ payments: Posted[] } | { problem: string } | null>(null);
  const load = async (file: File | null) => {
    if (file) setX12(await file.text());
  };
  const post = async () => {
    setBusy(true);
    const answer = await command<{ __typename: string; message?: string; payments?: Posted[] }>(
      session,
      'post835',
      `mutation($x: String!) { post835(x12: $x) { __typename ... on RemittancePosted { payments { accountId payerClaimNumber claimStatus paidCents applied } } ... on Refusal { code message } } }`,
      { x: x12.trim() },
    );
    setBusy(false);
    if (refused(answer)) setResult({ problem: answer.message });
    else {
      setResult({ payments: answer.payments ?? [] });
      setX12('');
      onPosted();
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="post835-heading">
      <Title order={2} id="post835-heading" size="h3">
        Post a remittance (835)
      </Title>
      <FileInput label="835 file" name="file835" onChange={(f) => void load(f)} clearable />
      <Textarea label="835 as received" name="x12" autosize minRows={3} maxRows={8} value={x12} onChange={(e) => setX12(e.currentTarget.value)} />
      <Button mt="sm" disabled={x12.trim().length === 0} loading={busy} onClick={() => void post()}>
        Post the 835
      </Button>
      {result && 'problem' in result && (
        <Alert color="red.9" role="alert" title="Nothing was posted" mt="sm">
          {result.problem}
        </Alert>
      )}
      {result && 'payments' in result && (
        <Alert color="green.9" role="status" title={`Posted ${result.payments.length} claim payment${result.payments.length === 1 ? '' : 's'}`} mt="sm">
          <Table data-testid="posted-payments">
            <Table.Tbody>
              {result.payments.map((p) => (
                <Table.Tr key={`${p.accountId}:${p.payerClaimNumber}`}>
                  <Table.Td>{p.accountId}</Table.Td>
                  <Table.Td>payer claim {p.payerClaimNumber}</Table.Td>
                  <Table.Td>{claimStatusInWords[p.claimStatus] ?? `status ${p.claimStatus}`}</Table.Td>
                  <Table.Td>paid {money(p.paidCents)}</Table.Td>
                  <Table.Td>{p.applied ? 'applied to the account' : 'held as unapplied cash: no claim to that payer matches'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
    </Paper>
  );
}
