import { eventCatalog } from './catalog.js';
import { EventRegistry } from './registry.js';

describe('the published event catalog', () => {
  const entries = Object.entries(eventCatalog).flatMap(([service, definitions]) => definitions.map((d) => ({ service, d })));

  it('names every event as a past-tense fact under its service', () => {
    for (const { service, d } of entries) {
      expect(d.type).toMatch(new RegExp(`^${service}\\.[a-z-]+\\.[a-z-]+$`));
      expect(d.type).not.toMatch(/\.(create|update|delete|set)$/);
      expect(d.description.length).toBeGreaterThan(10);
    }
  });

  it('gives every event type a JSON Schema, with no type defined twice', () => {
    for (const definitions of Object.values(eventCatalog)) {
      const schemas = new EventRegistry(definitions).jsonSchemas();
      expect(Object.keys(schemas)).toHaveLength(definitions.length);
    }
  });
});
