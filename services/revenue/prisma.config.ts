import { defineConfig } from 'prisma/config';

// The CLI is used offline for `generate` only; migrations are the SQL files in migrations/.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@127.0.0.1:5432/placeholder' },
});
