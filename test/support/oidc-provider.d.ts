/**
 * The part of oidc-provider 9 (which ships no types) that the test authority uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    grantTypeAllowed(type: string): boolean;
  }
  export interface OidcContext {
    oidc: { params?: Record<string, unknown> };
  }
  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }
  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }
  export type Configuration = Record<string, unknown> & {
    findAccount?: (
      ctx: OidcContext,
      sub: string,
    ) => { accountId: string; claims: () => Record<string, unknown> };
    issueRefreshToken?: (ctx: OidcContext, client: OidcClient) => boolean;
    interactions?: { url: (ctx: OidcContext, interaction: { uid: string }) => string };
  };
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    on(event: string, listener: (ctx: OidcContext) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: {
      new (init: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
  }
}
