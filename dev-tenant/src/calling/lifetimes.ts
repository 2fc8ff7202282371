import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { badRequest } from './call-codes.js';
import { bodyObject, onlyFields } from './request-body.js';

const SETTABLE = ['acsTokenSeconds', 'entraAccessTokenSeconds'] as const;
/** A day: the longest an ACS token lives. */
const MAX_SECONDS = 86_400;

/**
 * `POST /.dev/lifetimes` shortens the lifetimes that the token endpoints read from the fixture at every
 * issue (tests of renewal); `restore` puts back the fixture's own values, for `/.dev/reset`.
 */
export function lifetimesControl(ctx: DevTenantContext) {
  const original = { ...ctx.fixture.lifetimes };
  return {
    register(app: FastifyInstance): void {
      app.post('/.dev/lifetimes', async (request) => {
        const body = bodyObject(request.body);
        onlyFields(body, SETTABLE);
        for (const name of SETTABLE) {
          const value = body[name];
          if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SECONDS)) {
            throw badRequest(`"${name}" must be a whole number of seconds from 1 to ${MAX_SECONDS}, not ${JSON.stringify(value)}.`);
          }
        }
        for (const name of SETTABLE) if (typeof body[name] === 'number') ctx.fixture.lifetimes[name] = body[name];
        const { acsTokenSeconds, entraAccessTokenSeconds } = ctx.fixture.lifetimes;
        return { acsTokenSeconds, entraAccessTokenSeconds };
      });
    },
    restore(): void {
      Object.assign(ctx.fixture.lifetimes, original);
    },
  };
}
