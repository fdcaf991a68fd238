import type { Migration } from '../sql/migrate.js';

export const projectionMigrations: Migration[] = [
  {
    name: '0200-projections.sql',
    sql: `
CREATE TABLE projection_checkpoints (
  name text PRIMARY KEY,
  checkpoint text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];
