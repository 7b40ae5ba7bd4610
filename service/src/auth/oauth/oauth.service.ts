import type { Actor } from '../actor';
import type { User, UserId, UserRepository } from '../../users/user.repository';
import type { PlatformConnectionService } from '../../twitch/platform-connection.service';
import { cleanDisplayName } from '../../users/display-name';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../../shared/errors';
import { ProviderNotConfiguredError } from './provider-not-configured.error';
import type { Logger } from '../../shared/logger';
import type { ConfiguredAdmins } from '../configured-admins';
import type { SessionService, SessionTokens } from '../session.service';
import { OAuthFlowError, type OAuthIdentity, type OAuthProvider, type OAuthTokenSet } from './oauth-provider';
import { OAUTH_STATE_TTL_SECONDS, type OAuthStateStore } from './oauth-state.store';

function accountOf(identity: OAuthIdentity) {
  return { platformUserId: identity.platformUserId, login: identity.login, displayName: identity.displayName };
}

export interface OAuthStart {
  authorizationUrl: string;
  state: string;
  browserNonce: string;
  /** How long the browser cookie should live. */
  ttlSeconds: number;
}

export type OAuthCompletion =
  { action: 'signed_in' | 'signed_up'; user: User; session: SessionTokens } | { action: 'linked'; user: User };

export interface OAuthCallbackInput {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/**
 * Sign-in and account linking with OAuth providers (Twitch). The callback signs in the owner of an
 * already linked provider account, links it to a signed-in user who started the flow, or creates
 * an account; it links to an existing account by e-mail only when both sides vouch for the address.
 */
export class OAuthService {
  private readonly providers: ReadonlyMap<string, OAuthProvider>;

  constructor(
    providers: readonly OAuthProvider[],
    private readonly deps: {
      states: OAuthStateStore;
      users: UserRepository;
      connections: PlatformConnectionService;
      sessions: SessionService;
      admins: ConfiguredAdmins;
      publicUrl: string;
      logger: Logger;
    },
  ) {
    this.providers = new Map(providers.map((provider) => [provider.name, provider]));
  }

  /** 404 naming the supported providers when the name is not one of them. */
  provider(name: string): OAuthProvider {
    const provider = this.providers.get(name);
    if (!provider) {
      const supported = [...this.providers.keys()];
      throw new NotFoundError(`Sign-in provider "${name}"`, 'unknown_provider', { supported });
    }
    return provider;
  }

  redirectUri(provider: OAuthProvider): string {
    return `${this.deps.publicUrl}/api/v1/auth/oauth/${provider.name}/callback`;
  }

  /**
   * Starts signing in, or (with an actor) connecting the provider to the account. `scopeSet` names
   * a feature whose scopes are asked for besides those the connection already has (incremental
   * consent: the provider's new token carries exactly what the last consent asked).
   */
  async start(providerName: string, actor: Actor | null, scopeSet?: string): Promise<OAuthStart> {
    const provider = this.provider(providerName);
    if (!provider.isConfigured()) {
      throw new ProviderNotConfiguredError(provider.displayName);
    }
    const scopes = scopeSet ? await this.scopesFor(provider, actor, scopeSet) : undefined;
    const started = await this.deps.states.start({
      provider: provider.name,
      pkce: provider.supportsPkce,
      linkUserId: actor?.id ?? null,
    });
    return {
      authorizationUrl: provider.authorizationUrl({
        state: started.state,
        redirectUri: this.redirectUri(provider),
        codeChallenge: started.codeChallenge,
        scopes,
      }),
      state: started.state,
      browserNonce: started.browserNonce,
      ttlSeconds: OAUTH_STATE_TTL_SECONDS,
    };
  }

  private async scopesFor(provider: OAuthProvider, actor: Actor | null, scopeSet: string): Promise<string[]> {
    if (!actor) {
      throw new UnauthorizedError(`Sign in first, then grant ${provider.displayName} access for the feature`);
    }
    const wanted = provider.scopeSet(scopeSet);
    if (!wanted) {
      throw new BadRequestError('unknown_scope_set', `"${scopeSet}" names no set of ${provider.displayName} scopes`);
    }
    const granted = (await this.deps.connections.view(actor.id, provider.name))?.scopes ?? [];
    return [...new Set([...provider.signInScopes, ...granted, ...wanted])];
  }

  /** Completes the flow; throws OAuthFlowError with a message for the person when it cannot. */
  async complete(
    providerName: string,
    input: OAuthCallbackInput,
    browserNonce: string | undefined,
  ): Promise<OAuthCompletion> {
    const provider = this.provider(providerName);
    const state = input.state
      ? await this.deps.states.complete({ provider: provider.name, state: input.state, browserNonce })
      : null;
    if (!state) {
      throw new OAuthFlowError(
        'invalid_state',
        `This ${provider.displayName} sign-in expired or was started in another browser; please try again`,
      );
    }
    if (input.error) {
      throw new OAuthFlowError(
        input.error === 'access_denied' ? 'access_denied' : 'provider_error',
        input.error === 'access_denied'
          ? `${provider.displayName} access was not granted`
          : `${provider.displayName} answered: ${input.error_description ?? input.error}`,
      );
    }
    if (!input.code) {
      throw new OAuthFlowError('invalid_request', `${provider.displayName} sent no authorization code`);
    }
    const { tokens, identity } = await this.exchange(provider, input.code, state.codeVerifier);
    try {
      return state.linkUserId
        ? await this.link(provider, state.linkUserId, identity, tokens)
        : await this.signIn(provider, identity, tokens);
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new OAuthFlowError(error.code, error.message);
      }
      throw error;
    }
  }

  private async exchange(
    provider: OAuthProvider,
    code: string,
    codeVerifier: string | null,
  ): Promise<{ tokens: OAuthTokenSet; identity: OAuthIdentity }> {
    try {
      const tokens = await provider.exchangeCode({ code, redirectUri: this.redirectUri(provider), codeVerifier });
      return { tokens, identity: await provider.fetchIdentity(tokens) };
    } catch (error) {
      this.deps.logger.warn({ err: error, provider: provider.name }, 'OAuth code exchange failed');
      throw new OAuthFlowError(
        'exchange_failed',
        error instanceof AppError
          ? error.message
          : `${provider.displayName} could not confirm the sign-in; please try again`,
      );
    }
  }

  private async link(
    provider: OAuthProvider,
    userId: UserId,
    identity: OAuthIdentity,
    tokens: OAuthTokenSet,
  ): Promise<OAuthCompletion> {
    const user = await this.deps.users.findById(userId);
    if (!user) {
      throw new OAuthFlowError('account_missing', 'Your AuraStream account no longer exists');
    }
    await this.deps.connections.link(user.id, provider.name, accountOf(identity), tokens);
    return { action: 'linked', user };
  }

  private async signIn(
    provider: OAuthProvider,
    identity: OAuthIdentity,
    tokens: OAuthTokenSet,
  ): Promise<OAuthCompletion> {
    const ownerId = await this.deps.connections.ownerOf(provider.name, identity.platformUserId);
    const owner = ownerId ? await this.deps.users.findById(ownerId) : null;
    let user: User;
    let action: 'signed_in' | 'signed_up' = 'signed_in';
    if (owner) {
      user = owner;
    } else {
      if (!identity.email) {
        throw new OAuthFlowError(
          'email_required',
          `Your ${provider.displayName} account has no e-mail address; add one there, or sign up with e-mail`,
        );
      }
      const sameEmail = await this.deps.users.findByEmailForAuthentication(identity.email);
      if (sameEmail) {
        // linking by address is safe only when both sides vouch for it; otherwise whoever created the
        // AuraStream account (perhaps not the address owner) would gain the provider account's access
        if (!sameEmail.email_verified || !identity.emailVerified) {
          throw new OAuthFlowError(
            'account_exists',
            `An AuraStream account already uses ${identity.email}. Sign in with your password, then connect ${provider.displayName} from your settings.`,
          );
        }
        user = sameEmail;
      } else {
        user = await this.deps.users.create({
          email: identity.email,
          // Twitch's display name shows on the panel: no characters that reorder what viewers read
          display_name: cleanDisplayName(identity.displayName) || identity.login,
          avatar_url: identity.avatarUrl,
          password_hash: null,
          email_verified: identity.emailVerified,
        });
        action = 'signed_up';
      }
    }
    await this.deps.connections.link(user.id, provider.name, accountOf(identity), tokens);
    // ADMIN_EMAILS counts the account's own address, and only once it is verified
    const signedIn = await this.deps.admins.apply(user);
    return { action, user: signedIn, session: await this.deps.sessions.start(signedIn) };
  }
}
