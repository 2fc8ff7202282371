import { expect } from '@open-wc/testing';
import { RenewingTokenCredential, type AcsToken } from '../../src/calling/renewing-token-credential.js';
import { rejection } from './support/busy-service.js';
import { until } from './support/consent.js';

const token = (name: string, lifeMs: number): AcsToken => ({ token: name, expiresOnTimestamp: Date.now() + lifeMs });

/** Unhandled rejections in the page while `run` runs: a vendor's error tracker would report each one. */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const note = (event: PromiseRejectionEvent) => {
    seen.push(event.reason);
    event.preventDefault();
  };
  addEventListener('unhandledrejection', note);
  try {
    await run();
    // Rejections are reported after the task that left them: give the page one.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    removeEventListener('unhandledrejection', note);
  }
  return seen;
}

describe('RenewingTokenCredential: the calling agent’s token through a shift', () => {
  it('renews ahead of the end and hands out the renewed token', async () => {
    let issued = 0;
    const credential = new RenewingTokenCredential(token('first', 1200), async () => token(`renewed-${++issued}`, 60_000));
    try {
      expect((await credential.getToken()).token).to.equal('first');
      await until(() => issued > 0, 'a renewal ahead of the end', 3000);
      expect((await credential.getToken()).token).to.equal('renewed-1');
    } finally {
      credential.dispose();
    }
  });

  it('keeps the current token while renewals fail, says why once it has ended, and leaves no unhandled rejection', async () => {
    let tries = 0;
    const busy = new Error('The service is busy right now.');
    const first = token('first', 1500);
    const credential = new RenewingTokenCredential(first, async () => {
      tries += 1;
      throw busy;
    });
    try {
      const unhandled = await unhandledDuring(async () => {
        await until(() => tries > 0, 'a renewal attempt', 3000);
        expect((await credential.getToken()).token, 'still good: kept').to.equal('first');
        await until(() => tries > 1, 'another attempt before the end', 3000);
        await until(() => Date.now() > first.expiresOnTimestamp, 'the token to end', 3000);
        expect(await rejection(credential.getToken()), 'ended: the renewal’s failure').to.equal(busy);
      });
      expect(unhandled).to.deep.equal([]);
      expect(tries, 'tried again while the token lasted').to.be.greaterThan(1);
    } finally {
      credential.dispose();
    }
  });

  it('stops renewing once disposed', async () => {
    let tries = 0;
    const credential = new RenewingTokenCredential(token('first', 1000), async () => {
      tries += 1;
      return token('again', 1000);
    });
    credential.dispose();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(tries).to.equal(0);
    expect(await rejection(credential.getToken())).to.be.instanceOf(Error);
  });
});
