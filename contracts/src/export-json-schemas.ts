// Writes the JSON Schema of the envelope and of every published event type into a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { eventCatalog } from './catalog.js';
import { eventEnvelopeSchema } from './envelope.js';
import { EventRegistry } from './registry.js';

const out = process.argv[2] ?? 'dist/json-schema';
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'envelope.schema.json'), JSON.stringify(z.toJSONSchema(eventEnvelopeSchema, { io: 'input' }), null, 2));
let count = 0;
for (const [service, definitions] of Object.entries(eventCatalog)) {
  const schemas = new EventRegistry(definitions).jsonSchemas();
  for (const [type, schema] of Object.entries(schemas)) {
    mkdirSync(join(out, service), { recursive: true });
    writeFileSync(join(out, service, `${type}.schema.json`), JSON.stringify(schema, null, 2));
    count++;
  }
}
console.log(`wrote the envelope and ${count} event schemas to ${out}`);
