import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { signIdentity } from '@ehr/platform';
import type { GatewayContext } from './context.js';

/** Every subgraph call carries the user's identity, signed so the subgraph knows it came from here. */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    options: { url: string },
    private readonly secret: string,
  ) {
    super(options);
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    // Composition and health checks run without a user: they carry no identity.
    if (!context?.identity) return;
    for (const [name, value] of Object.entries(signIdentity(context.identity, this.secret))) request.http?.headers.set(name, value);
  }
}
