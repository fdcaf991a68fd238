/** The services that publish events; each owns one topic and one dead-letter topic. */
export const services = ['adt', 'orders', 'mar', 'ed', 'revenue'] as const;
export type ServiceName = (typeof services)[number];

/**
 * Topics are `<namespace>.<service>.events`. The namespace is `ehr` unless environments share
 * one Kafka cluster (staging beside production, or separate test runs), each then its own.
 */
export const defaultTopicNamespace = 'ehr';
export const eventsTopic = (service: string, namespace = defaultTopicNamespace): string => `${namespace}.${service}.events`;
export const deadLetterTopic = (service: string, namespace = defaultTopicNamespace): string => `${namespace}.${service}.dlq`;
