import { html, nothing } from 'lit';
import type { AdminController, BusyRead, DirectoryRow, ResourceAccountRow } from '../consent/admin-controller.js';
import { provisioningScript } from '../consent/provisioning-script.js';
import { UnsafePowerShellValueError } from '../consent/powershell-literal.js';
import { sayError } from '../messages/error-words.js';
import { TpeError, type TpeErrorDetail } from '../tpe-error.js';
import { copyable } from './copyable.js';
import type { ConsentStrings } from './tpe-consent.strings.js';

/** The administrator's screen: resource accounts with their state and fixes, then agents' access. */
export function adminPanel(admin: AdminController, t: ConsentStrings, ids: { botAppId: string; acsResourceId: string }) {
  return html`${resourceAccounts(admin, t, ids)}${agentAccess(admin, t)}`;
}

function resourceAccounts(admin: AdminController, t: ConsentStrings, ids: { botAppId: string; acsResourceId: string }) {
  const fixable = (ra: ResourceAccountRow) => ra.problem === 'no-acs-resource' || ra.problem === 'other-acs-resource';
  const row = (ra: ResourceAccountRow) => html`<tr part="resource-account" data-id=${ra.id}>
      <th scope="row">${ra.displayName}</th>
      <td>${ra.phoneNumber}</td>
      <td><code>${ra.acsResourceId ?? '—'}</code></td>
      <td>
        <span part="resource-account-status" class=${fixable(ra) ? 'problem' : ''}>${ra.problem ? t.problem[ra.problem] : t.linked}</span>
        ${ra.error ? html`<p class="problem" role="alert">${failureText(ra.error, t)}</p>` : nothing}
      </td>
      <td>
        ${fixable(ra)
          ? nothing
          : html`<button
              part=${ra.linked ? 'unlink-button' : 'link-button'}
              class=${ra.linked ? 'secondary' : ''}
              aria-label=${ra.linked ? t.unlink(ra.displayName) : t.link(ra.displayName)}
              ?disabled=${ra.busy}
              @click=${() => admin.setLinked(ra, !ra.linked)}
            >
              ${ra.busy ? t.working : ra.linked ? t.unlinkShort : t.linkShort}
            </button>`}
      </td>
    </tr>
    ${fixable(ra)
      ? html`<tr part="resource-account-fix" data-for=${ra.id}>
          <td colspan="5">
            <details part="fix-script"><summary>${t.fixScriptSummary(ra.displayName)}</summary>${fixScript(ra, t, ids)}</details>
          </td>
        </tr>`
      : nothing}`;
  return html`<section part="resource-accounts" aria-labelledby="ra-title">
    <h3 id="ra-title">${t.resourceAccountsTitle}</h3>
    ${admin.resourceAccounts.render({
      pending: () => busyNote(admin.busy.resourceAccounts, t) ?? html`<p role="status">${t.loadingResourceAccounts}</p>`,
      error: (error) => html`<p class="problem" role="alert">${failureText(error, t)}</p>`,
      complete: (rows) =>
        rows.length
          ? html`<div class="scroll"><table>
              <thead><tr><th scope="col">${t.columnName}</th><th scope="col">${t.columnNumber}</th><th scope="col">${t.columnAcsResource}</th><th scope="col">${t.columnStatus}</th><td></td></tr></thead>
              <tbody>${rows.map(row)}</tbody>
            </table></div>`
          : html`<p>${t.noResourceAccounts}</p>`,
    })}
  </section>`;
}

/** The fix as a script to copy, or, when a value would not be safe in one, why there is none. */
function fixScript(ra: ResourceAccountRow, t: ConsentStrings, ids: { botAppId: string; acsResourceId: string }) {
  try {
    return copyable(t.fixScriptSummary(ra.displayName), provisioningScript(ra, ids), t.copy, 'command', true);
  } catch (error) {
    if (!(error instanceof UnsafePowerShellValueError)) throw error;
    return html`<p part="fix-script-refused" class="problem">${t.fixScriptRefused(error.field)}</p>`;
  }
}

function agentAccess(admin: AdminController, t: ConsentStrings) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    admin.search(new FormData(event.target as HTMLFormElement).get('term') as string);
  };
  const entry = (row: DirectoryRow) => html`<li part="directory-entry">
    <span><strong>${row.displayName}</strong> <span class="remedy">${row.kind === 'user' ? row.userPrincipalName : t.groupMembers(row.members?.length ?? 0)}</span></span>
    <span part="access-state">${row.access ? t.hasAccess : t.noAccess}</span>
    <button
      part=${row.access ? 'revoke-button' : 'grant-button'}
      class=${row.access ? 'secondary' : ''}
      aria-label=${row.access ? t.revoke(row.displayName) : t.grant(row.displayName)}
      ?disabled=${row.busy}
      @click=${() => admin.setAccess(row, !row.access)}
    >
      ${row.busy ? t.working : row.access ? t.revokeShort : t.grantShort}
    </button>
    ${row.error ? html`<p class="problem" role="alert">${failureText(row.error, t)}</p>` : nothing}
  </li>`;
  return html`<section part="agents" aria-labelledby="agents-title">
    <h3 id="agents-title">${t.agentsTitle}</h3>
    <form part="search" role="search" @submit=${submit}>
      <label for="term">${t.searchLabel}</label>
      <input id="term" name="term" type="search" autocomplete="off" .value=${admin.searchTerm} />
      <button part="search-button" type="submit">${t.search}</button>
    </form>
    ${admin.directory.render({
      pending: () => busyNote(admin.busy.directory, t) ?? html`<p role="status">${t.searching}</p>`,
      error: (error) => html`<p class="problem" role="alert">${failureText(error, t)}</p>`,
      complete: (rows) => (admin.searchTerm ? (rows.length ? html`<ul class="directory">${rows.map(entry)}</ul>` : html`<p role="status">${t.noMatches}</p>`) : nothing),
    })}
  </section>`;
}

/** A read waiting out a busy service says who is busy and when it tries again by itself. */
function busyNote(busy: BusyRead | undefined, t: ConsentStrings) {
  if (!busy) return undefined;
  return html`<p part="busy" role="status">${sayError(t.errors, busy.detail).message} ${busy.seconds === undefined ? t.retrying : t.retryingIn(busy.seconds)}</p>`;
}

/** Graph's own refusals say enough; ours (a TpeError or its detail) add what to do, in the strings' language. */
function failureText(error: unknown, t: ConsentStrings): string {
  if (!(error instanceof TpeError) && typeof (error as Partial<TpeErrorDetail>)?.remedy !== 'string') return (error as Error).message;
  const { message, remedy } = sayError(t.errors, error as TpeErrorDetail);
  return remedy ? `${message} ${remedy}` : message;
}
