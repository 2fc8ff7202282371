import { PublicClientApplication } from '@azure/msal-browser';
import { MsalAuthProvider, type MsalApplication, type MsalProviderOptions } from './msal-auth-provider.js';
import { msalConfiguration, type AuthoritySettings } from './msal-configuration.js';

/**
 * The MSAL applications of one page, one per configuration: elements configured alike share an application (one
 * cache, one signed-in account, one popup at a time), elements configured differently (another redirect URI,
 * cache location or authority) each get their own. The provider each element gets keeps that element's options.
 */
export class MsalApplications {
  readonly #applications = new Map<string, MsalApplication>();

  provider(settings: AuthoritySettings, options: MsalProviderOptions = {}): MsalAuthProvider {
    return new MsalAuthProvider(this.#application(settings), options);
  }

  #application(settings: AuthoritySettings): MsalApplication {
    const configuration = msalConfiguration(settings);
    // The whole configuration, as MSAL will read it: any difference is another application.
    const key = JSON.stringify(configuration);
    let application = this.#applications.get(key);
    if (!application) {
      const msal = new PublicClientApplication(configuration);
      let started: Promise<void> | undefined;
      application = {
        msal,
        ready: () =>
          (started ??= (async () => {
            await msal.initialize();
            const result = await msal.handleRedirectPromise();
            if (result?.account) msal.setActiveAccount(result.account);
          })()),
      };
      this.#applications.set(key, application);
    }
    return application;
  }
}
