/** The services that publish events; each owns one topic and one dead-letter topic. */
export const services = ['adt', 'orders', 'mar', 'ed', 'revenue'] as const;
export type ServiceName = (typeof services)[number];

export const eventsTopic = (service: string): string => `ehr.${service}.events`;
export const deadLetterTopic = (service: string): string => `ehr.${service}.dlq`;
