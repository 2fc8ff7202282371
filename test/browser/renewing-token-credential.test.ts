import { expect } from '@open-wc/testing';
import { RenewingTokenCredential, type AcsToken } from '../../src/calling/renewing-token-credential.js';
import { rejection } from './support/busy-service.js';
import { manualClock, settle } from './support/manual-clock.js';

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
    // A wait for something that must not happen, so kept: the page reports a rejection in a task queued just
    // after the one that left it, and 50 ms is many tasks of an idle page. (A rejection left unhandled on
    // purpose as a fence would be reported by the test runner too.)
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    removeEventListener('unhandledrejection', note);
  }
  return seen;
}

describe('RenewingTokenCredential: the calling agent’s token through a shift', () => {
  let clock: ReturnType<typeof manualClock>;
  beforeEach(() => (clock = manualClock()));
  const token = (name: string, lifeMs: number): AcsToken => ({ token: name, expiresOnTimestamp: clock.now() + lifeMs });
  /** `ms` pass on the credential's clock in small steps, the page running its promise callbacks between them. */
  async function pass(ms: number): Promise<void> {
    for (let passed = 0; passed < ms; passed += 100) {
      clock.advance(Math.min(100, ms - passed));
      await settle();
    }
  }

  it('renews ahead of the end and hands out the renewed token', async () => {
    let issued = 0;
    const credential = new RenewingTokenCredential(token('first', 1200), async () => token(`renewed-${++issued}`, 60_000), clock);
    try {
      expect((await credential.getToken()).token).to.equal('first');
      await pass(1100);
      expect(issued, 'a renewal ahead of the end').to.equal(1);
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
    }, clock);
    try {
      const unhandled = await unhandledDuring(async () => {
        await pass(1000);
        expect(tries, 'a renewal attempt').to.be.greaterThan(0);
        expect((await credential.getToken()).token, 'still good: kept').to.equal('first');
        await pass(400);
        expect(tries, 'another attempt before the end').to.be.greaterThan(1);
        await pass(first.expiresOnTimestamp - clock.now());
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
    }, clock);
    expect(clock.pending(), 'a renewal ahead of the end, before').to.equal(1);
    credential.dispose();
    expect(clock.pending(), 'nothing left to run').to.equal(0);
    await pass(1200);
    expect(tries).to.equal(0);
    expect(await rejection(credential.getToken())).to.be.instanceOf(Error);
  });
});
