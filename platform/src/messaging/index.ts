export * from './messaging-schema.js';
export * from './inbox.js';
export * from './topics.js';
export * from './relay.js';
export * from './event-consumer.js';
export * from './kafka-consumer.js';
export * from './embedded-consumer.js';
export * from './follow-events.js';
