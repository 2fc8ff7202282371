// <tpe-consent> and <tpe-call-agent> as JSX: props become properties, `ontpe-…` props listen, and the
// desk's own state follows the elements' typed events.
import { useRef, useState } from 'react';
import 'tpe-elements/define/tpe-consent.js';
import 'tpe-elements/define/tpe-call-agent.js';
import type { CallAgentStatus, CallAgentStrings, TpeCallAgent } from 'tpe-elements';

const PHONE_STRINGS: Partial<CallAgentStrings> = { goOnline: 'Start taking calls' };

export function AgentDesk({ proxyUrl }: { proxyUrl: string }) {
  const phone = useRef<TpeCallAgent>(null);
  const [phoneStatus, setPhoneStatus] = useState<CallAgentStatus>('offline');
  const [caller, setCaller] = useState('none');

  return (
    <div>
      <tpe-consent id="agent" persona="ccaas" proxyUrl={proxyUrl} />
      <tpe-call-agent
        ref={phone}
        for="agent"
        strings={PHONE_STRINGS}
        ontpe-status-change={(event) => setPhoneStatus(event.detail.status)}
        ontpe-incoming-call={(event) => setCaller(event.detail.callerNumber ?? 'unknown number')}
      />
      <p>
        Phone: <output id="phone-status">{phoneStatus}</output>
      </p>
      <p>
        Caller: <output id="caller">{caller}</output>
      </p>
    </div>
  );
}
