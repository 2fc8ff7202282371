import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import { groupMembers, searchDirectory, type DirectoryGroup, type DirectoryUser } from '../graph/directory-search.js';
import { listResourceAccounts, type ResourceAccount } from '../graph/resource-accounts.js';
import type { Assignment } from '../proxy/proxy-client.js';
import { classifyFailure } from '../auth/classify-failure.js';
import type { ConsentController } from './consent-controller.js';
import { MAX_AUTOMATIC_RETRIES, retryDelaySeconds } from './busy-retry.js';
import { emit } from '../tpe-events.js';
import { tpeError } from '../messages/error-words.js';
import { errorsAdminEn } from '../messages/errors.admin.en.js';
import { TpeError, type TpeErrorDetail } from '../tpe-error.js';
import { resourceAccountProblem, type ResourceAccountProblem } from './provisioning-script.js';

export interface ResourceAccountRow extends ResourceAccount {
  linked: boolean;
  problem?: ResourceAccountProblem;
  busy?: boolean;
  /** Why the row's last change failed, said through the element's strings. */
  error?: TpeErrorDetail;
}

export type DirectoryRow = (DirectoryUser | DirectoryGroup) & {
  /** Users: has a user assignment for this client app. Groups: how many of its members have. */
  access: boolean;
  members?: DirectoryUser[];
  busy?: boolean;
  /** Why the row's last change failed, said through the element's strings. */
  error?: TpeErrorDetail;
};

/** A read waiting out a busy service: what the service said, and the seconds until the next try (none while trying). */
export interface BusyRead {
  detail: TpeErrorDetail;
  seconds?: number;
}

const isResourceAccountAssignment = (a: Assignment | null) => Boolean(a && a.principalType !== 'user');

/**
 * The administrator's work: list the tenant's resource accounts from Graph with whether each is linked,
 * link and unlink them, and grant or revoke agents' access. Every write is read back before the screen
 * says it happened; a failed write leaves the row as it was and says why. A read that Graph (or the proxy)
 * answers "busy" is tried again after the wait it asked for, a few times at most, and says so meanwhile.
 */
export class AdminController {
  readonly resourceAccounts: Task<[string], ResourceAccountRow[]>;
  readonly directory: Task<[string, string], DirectoryRow[]>;
  searchTerm = '';
  /** Reads waiting out a busy service, by task. */
  readonly busy: { resourceAccounts?: BusyRead; directory?: BusyRead } = {};

  /**
   * `shown` says whether the element is on screen: Graph is read for a view a person can see, not for a hidden
   * one (another view of the page, a closed panel) that merely follows the page's sign-in.
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly consent: ConsentController,
    shown: () => boolean,
  ) {
    const readable = () => (this.consent.status === 'ready' && shown() ? 'ready' : 'not-shown');
    this.resourceAccounts = new Task(host, {
      task: async ([state], { signal }) => (state === 'ready' ? this.#patiently('resourceAccounts', signal, (s) => this.#loadResourceAccounts(s)) : []),
      args: () => [readable()] as [string],
    });
    this.directory = new Task(host, {
      task: async ([state, term], { signal }) => (state === 'ready' && term ? this.#patiently('directory', signal, (s) => this.#search(term, s)) : []),
      args: () => [readable(), this.searchTerm] as [string, string],
    });
  }

  /**
   * Runs a read; when the service answers busy, waits what it asked (through the element's retry scheduler)
   * and reads again, up to MAX_AUTOMATIC_RETRIES times. A newer run of the task, or the element leaving the
   * page, ends the wait and starts nothing.
   */
  async #patiently<T>(which: keyof AdminController['busy'], taskSignal: AbortSignal, read: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.any([taskSignal, this.consent.signal]);
    const show = (busy: BusyRead | undefined) => {
      this.busy[which] = busy;
      this.host.requestUpdate();
    };
    let mine: BusyRead | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await read(signal);
        } catch (error) {
          const { status, detail } = classifyFailure(error, { interactive: false });
          if (status !== 'busy' || signal.aborted) throw error;
          if (attempt > MAX_AUTOMATIC_RETRIES) throw new TpeError(detail.code, detail.message, detail.remedy, detail.source, detail.retryAfterSeconds, detail.values);
          const seconds = retryDelaySeconds(detail.retryAfterSeconds, attempt);
          show((mine = { detail, seconds }));
          await this.consent.retryScheduler(seconds * 1000, signal);
          signal.throwIfAborted();
          show((mine = { detail }));
        }
      }
    } finally {
      // Only its own note: a newer run may already be waiting.
      if (mine && this.busy[which] === mine) show(undefined);
    }
  }

  get #settings() {
    return this.consent.settings!;
  }

  #tokens() {
    const provider = this.consent.provider!;
    return Promise.all([provider.getAccessToken(this.#settings.scopes.graphResourceAccounts), provider.getAccessToken(this.#settings.scopes.proxy)]);
  }

  async #loadResourceAccounts(signal: AbortSignal): Promise<ResourceAccountRow[]> {
    const settings = this.#settings;
    const [graphToken, apiToken] = await this.#tokens();
    if (!settings.ccaasBotAppId) throw tpeError(errorsAdminEn, 'bot-app-id-missing', 'config');
    const accounts = await listResourceAccounts({ graphBaseUrl: settings.graphBaseUrl, accessToken: graphToken, botAppId: settings.ccaasBotAppId, signal });
    const assignments = await this.#assignments(accounts.map((account) => account.id), apiToken, signal);
    return accounts.map((account) => {
      const linked = isResourceAccountAssignment(assignments.get(account.id) ?? null);
      return { ...account, linked, problem: resourceAccountProblem(account, settings.acsResourceId, linked) };
    });
  }

  /** Every row's assignment in one lookup: "none" is an answer (null) there, where one read per row would be a 404 each. */
  #assignments(objectIds: readonly string[], apiToken: string, signal: AbortSignal): Promise<Map<string, Assignment | null>> {
    return this.consent.proxy!.getAssignments(this.consent.account!.tenantId, objectIds, apiToken, signal);
  }

  async #assignment(objectId: string, apiToken: string, signal: AbortSignal): Promise<Assignment | null> {
    return (await this.#assignments([objectId], apiToken, signal)).get(objectId) ?? null;
  }

  setLinked(row: ResourceAccountRow, link: boolean): Promise<void> {
    return this.#write(row, async (apiToken) => {
      const proxy = this.consent.proxy!;
      const tenantId = this.consent.account!.tenantId;
      if (link) await proxy.putAssignment(tenantId, row.id, { principalType: 'resourceAccount' }, apiToken, this.consent.signal);
      else await proxy.deleteAssignment(tenantId, row.id, apiToken, this.consent.signal);
      const linked = isResourceAccountAssignment(await this.#assignment(row.id, apiToken, this.consent.signal));
      if (linked !== link) throw tpeError(errorsAdminEn, 'change-not-kept', 'acs');
      emit(this.host, link ? 'tpe-resource-account-linked' : 'tpe-resource-account-unlinked', { resourceAccountId: row.id, displayName: row.displayName });
      return { linked, problem: resourceAccountProblem(row, this.#settings.acsResourceId, linked) };
    });
  }

  search(term: string): void {
    this.searchTerm = term.trim();
    this.host.requestUpdate();
  }

  async #search(term: string, signal: AbortSignal): Promise<DirectoryRow[]> {
    const settings = this.#settings;
    const provider = this.consent.provider!;
    const [graphToken, apiToken] = await Promise.all([provider.getAccessToken(['https://graph.microsoft.com/User.ReadBasic.All']), provider.getAccessToken(settings.scopes.proxy)]);
    const found = await searchDirectory(settings.graphBaseUrl, graphToken, term, signal);
    const membersOf = new Map(
      await Promise.all(found.filter((entry) => entry.kind === 'group').map(async (group) => [group.id, await groupMembers(settings.graphBaseUrl, graphToken, group.id, signal)] as const)),
    );
    const users = [...found.filter((entry) => entry.kind === 'user'), ...[...membersOf.values()].flat()];
    const assignments = await this.#assignments(users.map((user) => user.id), apiToken, signal);
    const hasAccess = (userId: string) => this.#grantsThisClient(assignments.get(userId) ?? null);
    return found.map((entry): DirectoryRow => {
      if (entry.kind === 'user') return { ...entry, access: hasAccess(entry.id) };
      const members = membersOf.get(entry.id) ?? [];
      return { ...entry, members, access: members.length > 0 && members.every((m) => hasAccess(m.id)) };
    });
  }

  #grantsThisClient(assignment: Assignment | null): boolean {
    return Boolean(assignment?.principalType === 'user' && assignment.clientIds?.some((c) => c.toLowerCase() === this.#settings.clientId.toLowerCase()));
  }

  /** Grants or revokes agent access for a user, or for every member of a group (user assignments). */
  setAccess(row: DirectoryRow, grant: boolean): Promise<void> {
    return this.#write(row, async (apiToken) => {
      const users = row.kind === 'user' ? [row] : (row.members ?? []);
      for (const user of users) await this.#setUserAccess(user, grant, apiToken);
      return { access: grant };
    });
  }

  async #setUserAccess(user: DirectoryUser, grant: boolean, apiToken: string): Promise<void> {
    const proxy = this.consent.proxy!;
    const tenantId = this.consent.account!.tenantId;
    const clientId = this.#settings.clientId.toLowerCase();
    const signal = this.consent.signal;
    const current = await this.#assignment(user.id, apiToken, signal);
    const others = (current?.clientIds ?? []).map((c) => c.toLowerCase()).filter((c) => c !== clientId);
    if (grant) await proxy.putAssignment(tenantId, user.id, { principalType: 'user', clientIds: [...others, clientId] }, apiToken, signal);
    else if (others.length) await proxy.putAssignment(tenantId, user.id, { principalType: 'user', clientIds: others }, apiToken, signal);
    else if (current) await proxy.deleteAssignment(tenantId, user.id, apiToken, signal);
    if (this.#grantsThisClient(await this.#assignment(user.id, apiToken, signal)) !== grant) throw tpeError(errorsAdminEn, 'change-not-kept', 'acs');
    emit(this.host, 'tpe-agent-access-changed', { userId: user.id, displayName: user.displayName, granted: grant });
  }

  /**
   * One write from a row's button: the row shows it is busy, and ends with the read-back changes, or as it
   * was with the reason why when anything failed.
   */
  async #write<R extends { busy?: boolean; error?: TpeErrorDetail }>(row: R, work: (apiToken: string) => Promise<Partial<R>>): Promise<void> {
    const update = (changes: Partial<R>) => {
      Object.assign(row, changes);
      this.host.requestUpdate();
    };
    update({ busy: true, error: undefined } as Partial<R>);
    try {
      const apiToken = await this.consent.provider!.getAccessToken(this.#settings.scopes.proxy);
      update({ ...(await work(apiToken)), busy: false });
    } catch (error) {
      const detail = classifyFailure(error, { interactive: false }).detail;
      update({ busy: false, error: detail } as Partial<R>);
      emit(this.host, 'tpe-error', detail);
    }
  }
}
