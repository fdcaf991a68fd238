import { EventRegistry, eventCatalog } from '@ehr/contracts';

export const edRegistry = new EventRegistry(eventCatalog.ed);
