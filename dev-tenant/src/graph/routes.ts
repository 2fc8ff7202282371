import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';

export function registerGraph(_app: FastifyInstance, _ctx: DevTenantContext): void {}
