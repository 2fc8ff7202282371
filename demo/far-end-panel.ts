// The demo's "far end": a PSTN caller played through the dev tenant's call control (/.dev/calls), so a
// newcomer can ring the resource account, answer the agent's outgoing call, and see what the agent did.
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallObservation as Observation } from '@tpe-elements/dev-tenant/contract';

interface ResourceAccount {
  id: string;
  displayName: string;
  phoneNumber: string;
}


const POLL_MS = 1000;

export class DemoFarEnd extends LitElement {
  static override styles = css`
    :host { display: block; border: 1px dashed GrayText; border-radius: 0.6rem; padding: 1rem; }
    h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
    form, .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin-bottom: 0.5rem; }
    label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9em; }
    input, select, button { font: inherit; padding: 0.35rem 0.7rem; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { border-top: 1px solid color-mix(in srgb, currentColor 20%, transparent); padding: 0.5rem 0; }
    .quiet { color: color-mix(in srgb, CanvasText 72%, Canvas); font-size: 0.9em; }
    .problem { color: #b3261e; }
    @media (prefers-color-scheme: dark) { .problem { color: #ffb4ab; } }
  `;

  /** The dev tenant's origin. */
  @property({ attribute: 'dev-tenant-url' }) devTenantUrl = '';
  @property({ attribute: false }) resourceAccounts: ResourceAccount[] = [];
  @state() private calls: Observation[] = [];
  @state() private problem = '';
  #timer?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.#refresh(), POLL_MS);
    void this.#refresh();
  }

  override disconnectedCallback(): void {
    clearInterval(this.#timer);
    super.disconnectedCallback();
  }

  async #refresh(): Promise<void> {
    if (!this.devTenantUrl || document.hidden) return;
    try {
      const response = await fetch(`${this.devTenantUrl}/.dev/calls`);
      if (response.ok) this.calls = ((await response.json()) as Observation[]).slice(0, 5);
    } catch {
      // The dev tenant stopped; the next poll says so by leaving the list as it was.
    }
  }

  async #post(path: string, body: unknown = {}): Promise<void> {
    this.problem = '';
    const response = await fetch(`${this.devTenantUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) {
      const { error } = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      this.problem = error?.message ?? `The dev tenant answered ${response.status}.`;
    }
    await this.#refresh();
  }

  #ring(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    void this.#post('/.dev/calls', { from: data.get('from'), to: data.get('to') });
  }

  protected override render() {
    return html`<h3>Far end (a customer's phone)</h3>
      <p class="quiet">Acts through the dev tenant's call control: ring the support line, answer the agent's calls, see what the agent did.</p>
      <form @submit=${this.#ring} aria-label="Ring a resource account">
        <label>Caller number <input name="from" value="+12065550199" required /></label>
        <label>Line
          <select name="to">${this.resourceAccounts.map((ra) => html`<option value=${ra.phoneNumber}>${ra.displayName}</option>`)}</select>
        </label>
        <button>Ring the line</button>
      </form>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <ul aria-label="Calls the far end sees" aria-live="polite">
        ${this.calls.map((call) => this.#call(call))}
      </ul>`;
  }

  #call(call: Observation) {
    const live = call.state !== 'Disconnected';
    const heard = [call.dtmf && `tones ${call.dtmf}`, call.onHold && 'on hold', call.agentMuted && 'agent muted', call.transfer && `transfer to ${call.transfer.target}: ${call.transfer.state}`]
      .filter(Boolean)
      .join(' · ');
    return html`<li>
      <div><strong>${call.direction === 'inbound' ? `${call.from} → ${call.to}` : `agent → ${call.to}`}</strong>${call.isEmergencyCall ? ' (emergency)' : ''}: ${call.state}
        ${call.endReason ? html`<span class="quiet">(${call.endReason.code}/${call.endReason.subCode})</span>` : nothing}</div>
      ${heard ? html`<div class="quiet">${heard}</div>` : nothing}
      ${live
        ? html`<div class="row">
            ${call.direction === 'outbound' && call.state === 'Ringing' ? html`<button @click=${() => this.#post(`/.dev/calls/${call.callId}/answer`)}>Answer</button>` : nothing}
            <button @click=${() => this.#post(`/.dev/calls/${call.callId}/hangUp`)}>Hang up</button>
          </div>`
        : nothing}
    </li>`;
  }
}

customElements.define('demo-far-end', DemoFarEnd);
