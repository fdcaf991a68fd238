/**
 * A refusal the user must understand: a stable machine code for clients and a sentence
 * a nurse or a biller can act on.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
