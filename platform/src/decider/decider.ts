/**
 * An aggregate as three pure functions. `decide` refuses by throwing a DomainError;
 * it never performs I/O, so every business rule can be proved without a database.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export const fold = <Event, State>(decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>, events: Iterable<Event>): State => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** The compiler proves a switch over a discriminated union handles every case. */
export const exhaustive = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
