import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { findUser, type DevTenantContext } from '../context.js';
import type { AgentIdentity, Persona } from './acs-token-auth.js';
import { CallingError } from './call-codes.js';
import type { EndpointGrace } from './endpoint-grace.js';
import { EventStream } from './event-stream.js';

/**
 * The dev clock can be shifted at any moment (`POST /.dev/clock`), so an expiry timer never sleeps longer
 * than this before it reads the clock again.
 */
const EXPIRY_RECHECK_MS = 1000;

/** Far more than a grace's worth of events for one agent; a bound so a lost endpoint cannot grow without end. */
const MAX_MISSED_EVENTS = 200;

/** One `TeamsCallAgent` of a signed-in agent. */
export interface Registration {
  agentId: string;
  identity: string;
  persona: Persona;
  oid: string;
  tid: string;
  displayName: string;
  /** Expiry of the registered token, seconds on the dev tenant clock. */
  tokenExp: number;
  /** SHA-256 of the registered token. */
  tokenHash: string;
  /** The registered token was revoked (its agent consent was removed) and no other has replaced it yet. */
  tokenRevoked?: true;
  tokenRenewals: number;
  stream?: EventStream;
  expiryTimer?: NodeJS.Timeout;
  /** When its stream closed, or it registered without one yet (ms since the epoch); none while online. */
  offlineSince?: number;
  /** Events for it while it had no stream, oldest first: the next stream gets them after `connected`. */
  missed: Array<{ event: string; data: unknown }>;
}

/** An agent is online, and can be rung, while its event stream is open. */
export function isOnline(registration: Registration): boolean {
  return registration.stream !== undefined && !registration.stream.closed;
}

/**
 * Registered agents, their event streams and the timers that end a stream when its token expires. An
 * agent without an open stream is watched by the endpoint grace, which drops it if it stays away.
 */
export class Registrations {
  readonly #ctx: DevTenantContext;
  readonly #grace: EndpointGrace<Registration>;
  readonly #heartbeatMs: () => number;
  readonly #byId = new Map<string, Registration>();

  /** `heartbeatMs` is read as each stream opens: the interval its `connected` event announces. */
  constructor(ctx: DevTenantContext, grace: EndpointGrace<Registration>, heartbeatMs: () => number) {
    this.#ctx = ctx;
    this.#grace = grace;
    this.#heartbeatMs = heartbeatMs;
  }

  register(identity: AgentIdentity): Registration {
    const user = findUser(this.#ctx, identity.oid);
    const registration: Registration = {
      agentId: randomUUID(),
      identity: identity.identity,
      persona: identity.persona,
      oid: identity.oid,
      tid: identity.tid,
      displayName: user?.displayName ?? identity.oid,
      tokenExp: identity.exp,
      tokenHash: identity.tokenHash,
      tokenRenewals: 0,
      missed: [],
    };
    this.#byId.set(registration.agentId, registration);
    this.#armExpiry(registration);
    // Registered but not yet listening: an endpoint that never opens its stream is lost like one that closed it.
    this.#grace.offline(registration);
    return registration;
  }

  /** The registration the request names, provided its token proves the same identity. */
  authorised(agentId: string, identity: AgentIdentity): Registration {
    const registration = this.#byId.get(agentId);
    if (!registration) throw new CallingError('agentNotFound', `No agent is registered with id ${agentId}; register with POST /calling/agents.`);
    if (registration.identity !== identity.identity) {
      throw new CallingError('identityMismatch', `Agent ${agentId} is registered for ${registration.identity}; the token is for ${identity.identity}.`);
    }
    return registration;
  }

  all(): Registration[] {
    return [...this.#byId.values()];
  }

  /** What `GET /.dev/calling/agents` shows of a registration. */
  view(registration: Registration) {
    const { agentId, identity, oid, persona, tokenExp, tokenRenewals, offlineSince } = registration;
    const dropsAt = this.#grace.dueAt(registration);
    return {
      agentId,
      identity,
      oid,
      persona,
      online: isOnline(registration),
      tokenExpiresOn: new Date(tokenExp * 1000).toISOString(),
      tokenRenewals,
      ...(offlineSince !== undefined ? { offlineSince: new Date(offlineSince).toISOString() } : {}),
      ...(dropsAt !== undefined ? { dropsOn: new Date(dropsAt).toISOString() } : {}),
    };
  }

  online(): Registration[] {
    return this.all().filter(isOnline);
  }

  renew(registration: Registration, identity: AgentIdentity): void {
    registration.tokenExp = identity.exp;
    registration.tokenHash = identity.tokenHash;
    delete registration.tokenRevoked;
    registration.tokenRenewals += 1;
    this.#armExpiry(registration);
  }

  /** Opens the agent's event stream; a new one replaces the old, as one agent has one connection. */
  openStream(registration: Registration, reply: FastifyReply): void {
    if (registration.tokenExp <= this.#ctx.now()) {
      throw new CallingError(
        'tokenExpired',
        `The registered token of agent ${registration.agentId} has expired; renew it with PUT /calling/agents/${registration.agentId}/token, then reconnect.`,
      );
    }
    if (registration.tokenRevoked) {
      throw new CallingError(
        'tokenRevoked',
        `The registered token of agent ${registration.agentId} was revoked; once the agent is granted again, renew it with PUT /calling/agents/${registration.agentId}/token, then reconnect.`,
      );
    }
    // Detached first, so the replaced stream's closing does not count as the agent going away.
    const replaced = registration.stream;
    registration.stream = undefined;
    replaced?.close();
    const heartbeatMs = this.#heartbeatMs();
    const stream = new EventStream(reply, heartbeatMs, () => {
      if (registration.stream !== stream) return;
      registration.stream = undefined;
      this.#grace.offline(registration);
    });
    registration.stream = stream;
    this.#grace.online(registration);
    // The interval is the client's measure of silence: past two of them, it may take the stream for dead.
    stream.send('connected', { agentId: registration.agentId, heartbeatMs });
    for (const { event, data } of registration.missed.splice(0)) stream.send(event, data);
  }

  /**
   * An event for an agent; one without a stream gets it when it reconnects, as an endpoint back within
   * its grace must learn what became of its calls meanwhile (hung up, answered elsewhere). So does one
   * whose stream is stalled: nothing written there would ever reach it.
   */
  send(agentId: string, event: string, data: unknown): void {
    const registration = this.#byId.get(agentId);
    if (!registration) return;
    if (isOnline(registration) && !registration.stream!.stalled) return registration.stream!.send(event, data);
    registration.missed.push({ event, data });
    if (registration.missed.length > MAX_MISSED_EVENTS) registration.missed.shift();
  }

  /**
   * Tokens were revoked: every registration that holds one ends its stream, with `tokenExpired` saying why, as
   * the SDK reports any token the service stops taking as `invalidToken`. The registration then waits like one
   * whose token expired: a renewal with a token exchanged after a new grant within the grace, or it lapses.
   */
  tokensRevoked(hashes: ReadonlySet<string>): void {
    for (const registration of this.#byId.values()) {
      if (!hashes.has(registration.tokenHash)) continue;
      registration.tokenRevoked = true;
      const stream = registration.stream;
      if (!stream) continue;
      if (!stream.stalled) stream.send('tokenExpired', { reason: 'revoked' });
      stream.close();
    }
  }

  /** The agent unregistered, or its grace ran out: gone at once, nothing more to watch. */
  remove(registration: Registration): void {
    this.#byId.delete(registration.agentId);
    this.#forget(registration);
    this.#grace.cancel(registration);
  }

  /**
   * The open streams (of every agent, or of one) go silent but stay open (`EventStream.stall`); the agents
   * still count as online and ring. Answers how many streams it stalled.
   */
  stallStreams(agentId?: string): number {
    const streams = this.online()
      .filter((registration) => agentId === undefined || registration.agentId === agentId)
      .map((registration) => registration.stream!)
      .filter((stream) => !stream.stalled);
    for (const stream of streams) stream.stall();
    return streams.length;
  }

  /** Every stream ends (an outage); the registrations stay, so agents can reconnect. */
  dropStreams(): void {
    for (const registration of this.#byId.values()) registration.stream?.close();
  }

  /**
   * The service loses every registration, as it would its state: each id is unknown from now on (404, so
   * the agent registers again) and each stream ends. The endpoints' calls are not forgotten: with their
   * streams closed, the grace ends them unless the dev tenant is reset first.
   */
  forgetAll(): number {
    const forgotten = this.all();
    this.#byId.clear();
    for (const registration of forgotten) {
      clearTimeout(registration.expiryTimer);
      registration.expiryTimer = undefined;
      registration.stream?.close();
    }
    return forgotten.length;
  }

  /** Ends every stream and timer and forgets every agent (reset, shutdown). */
  clear(): void {
    for (const registration of this.#byId.values()) this.#forget(registration);
    this.#byId.clear();
    this.#grace.clear();
  }

  #forget(registration: Registration): void {
    clearTimeout(registration.expiryTimer);
    registration.expiryTimer = undefined;
    registration.stream?.close();
  }

  #armExpiry(registration: Registration): void {
    clearTimeout(registration.expiryTimer);
    const remainingMs = (registration.tokenExp - this.#ctx.now()) * 1000;
    if (remainingMs <= 0) {
      registration.expiryTimer = undefined;
      this.#expire(registration);
      return;
    }
    // unref: a registration must never keep the process (or a test run) alive.
    registration.expiryTimer = setTimeout(() => this.#armExpiry(registration), Math.min(remainingMs, EXPIRY_RECHECK_MS)).unref();
  }

  #expire(registration: Registration): void {
    const stream = registration.stream;
    if (!stream) return;
    stream.send('tokenExpired', {});
    stream.close();
  }
}
