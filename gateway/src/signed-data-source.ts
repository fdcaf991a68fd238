import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { signIdentity, signServiceCredential } from '@ehr/platform';
import type { GatewayContext } from './context.js';

/** How long a forwarded identity lives: one request's subgraph calls. */
const forwardedLifetimeSeconds = 60;

/**
 * Every subgraph call carries the caller's identity, signed for that subgraph alone (audience =
 * its name) and short-lived; composition carries the gateway's own service credential instead.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: { url: string; name: string },
    private readonly secret: string,
  ) {
    super({ url: subgraph.url });
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    const headers = context?.identity
      ? signIdentity({ ...context.identity, aud: this.subgraph.name, exp: Math.floor(Date.now() / 1000) + forwardedLifetimeSeconds }, this.secret)
      : signServiceCredential(this.subgraph.name, this.secret);
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }
}
