import { Button, Group, Paper, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { download, toCsv } from './office-api';

export type Cell = string | number | null;

/**
 * One report: its heading, its chart and controls (children), and its figures as a table, which
 * is also what the CSV holds, so the file and the screen never disagree.
 */
export function ReportSection({ id, title, csvName, header, rows, children }: { id: string; title: string; csvName: string; header: string[]; rows: Cell[][] | null; children?: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-heading`} data-testid={id}>
      <Group justify="space-between">
        <Title order={2} id={`${id}-heading`} size="h3">
          {title}
        </Title>
        <Button size="compact-sm" variant="default" disabled={!rows} onClick={() => rows && download(csvName, toCsv(header, rows), 'text/csv')}>
          Export {title} as CSV
        </Button>
      </Group>
      {children}
      {rows && rows.length > 0 && (
        <Table data-testid={`${id}-table`} mt="xs">
          <Table.Thead>
            <Table.Tr>
              {header.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={i}>
                {row.map((value, j) => (
                  <Table.Td key={j}>{value}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
