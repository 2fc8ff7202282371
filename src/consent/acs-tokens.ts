import { exchangeTeamsExtensionToken } from '../acs/teams-extension-exchange.js';
import type { AuthProvider } from '../auth/auth-provider.js';
import { classifyFailure, type FailureStatus } from '../auth/classify-failure.js';
import type { ProxyClient } from '../proxy/proxy-client.js';
import { tpeError } from '../messages/error-words.js';
import { errorsCommonEn } from '../messages/errors.common.en.js';
import { isAbort, TpeError, type TpeErrorDetail } from '../tpe-error.js';
import type { ConsentSettings } from './consent-settings.js';

export interface AcsToken {
  token: string;
  expiresOnTimestamp: number;
}

/** What an AcsTokens tells its owner: a mint the identity provider refused, and how (signed-out: sign in again). */
export interface AcsTokensObserver {
  refused(status: FailureStatus, detail: TpeErrorDetail): void;
}

/**
 * Mints ACS tokens for one signed-in agent, silently: the CCaaS persona exchanges its Entra token in the browser,
 * the Teams persona through the token proxy. Plain data in and out; `dispose()` aborts every mint still running.
 */
export class AcsTokens {
  readonly #abort = new AbortController();

  constructor(
    private readonly settings: ConsentSettings,
    private readonly provider: AuthProvider,
    private readonly proxy: ProxyClient | undefined,
    private readonly persona: 'ccaas' | 'teams',
    private readonly observer: AcsTokensObserver,
  ) {}

  async mint(signal?: AbortSignal): Promise<AcsToken> {
    const aborted = signal ? AbortSignal.any([signal, this.#abort.signal]) : this.#abort.signal;
    try {
      return await this.#mint(aborted);
    } catch (error) {
      if (isAbort(error)) throw error;
      // The proxy's own errors too: a busy proxy (503, 429) must say "busy", not "sign out".
      const { status, detail } = classifyFailure(error, { interactive: false });
      if (!this.#abort.signal.aborted) this.observer.refused(status, detail);
      throw new TpeError(detail.code, detail.message, detail.remedy, detail.source, detail.retryAfterSeconds, detail.values);
    }
  }

  dispose(): void {
    this.#abort.abort();
  }

  async #mint(signal: AbortSignal): Promise<AcsToken> {
    const { settings, provider, proxy } = this;
    if (this.persona === 'ccaas') {
      const entraToken = await provider.getAccessToken(settings.scopes.ccaasPersona);
      const { token, expiresOnTimestamp } = await exchangeTeamsExtensionToken(settings.acsEndpoint, entraToken, signal);
      return { token, expiresOnTimestamp };
    }
    if (!proxy) throw tpeError(errorsCommonEn, 'config', 'config', { reason: 'teams-needs-proxy' });
    const { token, expiresOn } = await proxy.teamsUserToken(await provider.getAccessToken(settings.scopes.teamsPersona), signal);
    return { token, expiresOnTimestamp: Date.parse(expiresOn) };
  }
}
