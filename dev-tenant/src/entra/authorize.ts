import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import type { CodeStore } from './codes.js';

export function registerAuthorize(_app: FastifyInstance, _ctx: DevTenantContext, _codes: CodeStore): void {}
