import { Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql, type Session } from '../api';

export interface DiagnosisCode {
  code: string;
  display: string;
  title: string;
}
export type CodeUse = 'principal' | 'admitting' | 'secondary';

/** Look up an ICD-10-CM code by its beginning or by words of its title; each match can be put to use. */
export function CodeLookup({ session, onUse }: { session: Session; onUse: (code: DiagnosisCode, use: CodeUse) => void }) {
  const [text, setText] = useState('');
  const search = text.trim();
  const answer = useQuery({
    queryKey: [session.csrf, 'diagnosis-codes', search],
    queryFn: () => gql<{ diagnosisCodes: DiagnosisCode[] }>(session, `query($s: String!) { diagnosisCodes(search: $s) { code display title } }`, { s: search }),
    enabled: search.length >= 2,
  });
  return (
    <section aria-labelledby="lookup-heading" data-testid="code-lookup">
      <h3 id="lookup-heading">Look up a diagnosis code</h3>
      <TextInput label="Code or words (e.g. E11.2 or diabetes kidney)" name="codeSearch" value={text} onChange={(e) => setText(e.currentTarget.value)} />
      {answer.isError && (
        <Text c="red.9" role="alert">
          The look-up failed: {answer.error.message}
        </Text>
      )}
      {answer.data && answer.data.diagnosisCodes.length === 0 && <Text>No code in the look-up list matches “{search}”. A code not listed can still be typed.</Text>}
      {answer.data && answer.data.diagnosisCodes.length > 0 && (
        <Table data-testid="code-matches">
          <Table.Tbody>
            {answer.data.diagnosisCodes.map((c) => (
              <Table.Tr key={c.code} data-code={c.code}>
                <Table.Td>
                  <strong>{c.display}</strong>
                </Table.Td>
                <Table.Td>{c.title}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="light" aria-label={`${c.display} as principal`} onClick={() => onUse(c, 'principal')}>
                      Principal
                    </Button>
                    <Button size="compact-xs" variant="light" aria-label={`${c.display} as admitting`} onClick={() => onUse(c, 'admitting')}>
                      Admitting
                    </Button>
                    <Button size="compact-xs" variant="light" aria-label={`${c.display} as secondary`} onClick={() => onUse(c, 'secondary')}>
                      Secondary
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
