/** A running subscription of one handler to other services' events, on either transport. */
export interface EventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}
