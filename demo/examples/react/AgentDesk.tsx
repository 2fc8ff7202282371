// <tpe-consent> and <tpe-call-agent> in React 19: properties as props, events as `ontpe-…` props,
// methods through a ref, and the page's own state kept from the elements' events.
import { use, useRef, useState } from 'react';
// In an app: import 'tpe-elements/define/tpe-consent.js' and 'tpe-elements/define/tpe-call-agent.js'.
import '../../../src/define/tpe-consent.js';
import '../../../src/define/tpe-call-agent.js';
import type { CallAgentStatus, CallAgentStrings, CallEndedDetail, ConsentStatus, IncomingCallDetail, ResourceAccountOption, TpeCallAgent } from '../../../src/index.js';

// Objects passed as props keep their identity across renders: React sets a property again only when the
// value changes (and a new `config` or `authProvider` would make <tpe-consent> start over).
const PHONE_STRINGS: Partial<CallAgentStrings> = { goOnline: 'Start taking calls' };

export interface AgentDeskProps {
  proxyUrl: string;
  redirectUri: string;
  resourceAccounts: Promise<ResourceAccountOption[]>;
}

export function AgentDesk({ proxyUrl, redirectUri, resourceAccounts }: AgentDeskProps) {
  const lines = use(resourceAccounts);
  const phone = useRef<TpeCallAgent>(null);
  const [signIn, setSignIn] = useState<ConsentStatus>('signed-out');
  const [phoneStatus, setPhoneStatus] = useState<CallAgentStatus>('offline');
  const [ringing, setRinging] = useState<IncomingCallDetail>();
  const [lastCall, setLastCall] = useState<CallEndedDetail>();
  const [callState, setCallState] = useState('no call');
  const line = lines.find((l) => l.id === ringing?.resourceAccountId);

  return (
    <div className="desk">
      <tpe-consent
        id="agent-sign-in"
        persona="ccaas"
        proxyUrl={proxyUrl}
        redirectUri={redirectUri}
        ontpe-status-change={(event) => setSignIn(event.detail.status)}
      />
      <tpe-call-agent
        ref={phone}
        for="agent-sign-in"
        resourceAccounts={lines}
        resourceAccountId={lines[0]?.id}
        strings={PHONE_STRINGS}
        ontpe-status-change={(event) => setPhoneStatus(event.detail.status)}
        ontpe-incoming-call={(event) => setRinging(event.detail)}
        ontpe-call-state-change={(event) => setCallState(event.detail.state)}
        ontpe-call-ended={(event) => {
          setRinging(undefined);
          setLastCall(event.detail);
        }}
      />
      <section aria-labelledby="crm-title">
        <h2 id="crm-title">Your app</h2>
        <dl>
          <dt>Sign-in</dt>
          <dd data-testid="sign-in-status">{signIn}</dd>
          <dt>Phone</dt>
          <dd data-testid="phone-status">{phoneStatus}</dd>
          <dt>Call</dt>
          <dd data-testid="call-state">{callState}</dd>
          <dt>Last call</dt>
          <dd data-testid="last-call">{lastCall ? `${lastCall.reason} (code ${lastCall.code}/${lastCall.subCode})` : 'none yet'}</dd>
        </dl>
        {ringing && phoneStatus !== 'in-call' && (
          <div className="screen-pop" role="status" data-testid="screen-pop">
            <p>
              Screen pop: {ringing.callerName ?? 'caller'} {ringing.callerNumber ?? 'unknown number'}
              {line && ` on ${line.displayName}`}
            </p>
            {/* The element's methods, through the ref: answer from the app's own card. */}
            <button type="button" onClick={() => void phone.current?.accept().catch(() => undefined)}>
              Answer from the CRM
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
