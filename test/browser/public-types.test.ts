import { expect } from '@open-wc/testing';
import {
  callAgentStrings,
  consentStrings,
  defineTpeElements,
  TpeCallAgent,
  TpeConsent,
  TpeError,
  type AccountSummary,
  type AcsToken,
  type AcsTokenSource,
  type ActiveCallInfo,
  type AgentIdentitySource,
  type AudioDeviceInfo,
  type AuthProvider,
  type CallAgentEventMap,
  type CallAgentStatus,
  type CallAgentStrings,
  type CallEndedDetail,
  type CallEndReason,
  type CallingSdk,
  type CallsUpdatedListener,
  type CallState,
  type ConnectionState,
  type ConsentEventMap,
  type ConsentScopes,
  type ConsentSettings,
  type ConsentSettingsOverrides,
  type ConsentStatus,
  type ConsentStrings,
  type DeviceLists,
  type DtmfTone,
  type IncomingCallDetail,
  type IncomingCallInfo,
  type IncomingCallListener,
  type ResourceAccountOption,
  type RetryScheduler,
  type SdkCallClient,
  type SdkDeviceManager,
  type SdkTeamsCall,
  type SdkTeamsCallAgent,
  type SdkTeamsIncomingCall,
  type SdkTransfer,
  type SdkTransferFeature,
  type SharedEventMap,
  type SignInOptions,
  type StatusChangeDetail,
  type TpeErrorDetail,
  type TpeEventMap,
} from '../../src/index.js';

// What a page can name with `import type { … } from 'tpe-elements'`: every type the elements' public
// properties, methods and events use. These checks run in the type checker (npm run typecheck): each line
// compiles only while the entry's type is exactly the one the element uses. scripts/public-types.ts checks
// the other way round, that no public declaration names a type the entry leaves out.

/** Compiles only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Same<A, B>): boolean => proof;
type Detail<K extends keyof TpeEventMap> = TpeEventMap[K]['detail'];

const consentChecks = [
  same<TpeConsent['config'], ConsentSettingsOverrides>(true),
  same<ConsentSettingsOverrides, Partial<ConsentSettings>>(true),
  same<TpeConsent['settings'], Readonly<ConsentSettings> | undefined>(true),
  same<ConsentSettings['scopes'], ConsentScopes>(true),
  same<TpeConsent['authProvider'], AuthProvider | undefined>(true),
  same<TpeConsent['account'], AccountSummary | undefined>(true),
  same<Parameters<AuthProvider['signIn']>[0], SignInOptions>(true),
  same<TpeConsent['retryScheduler'], RetryScheduler | undefined>(true),
  same<TpeConsent['strings'], Partial<ConsentStrings>>(true),
  same<ConsentStrings, typeof consentStrings>(true),
  same<TpeConsent['status'], ConsentStatus>(true),
  same<Awaited<ReturnType<TpeConsent['getAcsToken']>>, AcsToken>(true),
  same<ConsentEventMap['tpe-signed-in']['detail']['account'], AccountSummary>(true),
];

const callAgentChecks = [
  same<TpeCallAgent['consent'], AgentIdentitySource | undefined>(true),
  same<TpeCallAgent['tokenSource'], AcsTokenSource | undefined>(true),
  same<Awaited<ReturnType<AcsTokenSource>>, AcsToken>(true),
  same<TpeCallAgent['callingSdk'], (() => Promise<CallingSdk>) | undefined>(true),
  same<TpeCallAgent['retryScheduler'], RetryScheduler | undefined>(true),
  same<InstanceType<CallingSdk['CallClient']>, SdkCallClient>(true),
  same<Awaited<ReturnType<SdkCallClient['createTeamsCallAgent']>>, SdkTeamsCallAgent>(true),
  same<Awaited<ReturnType<SdkCallClient['getDeviceManager']>>, SdkDeviceManager>(true),
  same<SdkTeamsCallAgent['calls'][number], SdkTeamsCall>(true),
  same<SdkTeamsCallAgent['connectionState'], ConnectionState>(true),
  same<SdkTeamsCall['callEndReason'], CallEndReason | undefined>(true),
  same<ReturnType<SdkTeamsCall['feature']>, SdkTransferFeature>(true),
  same<ReturnType<SdkTransferFeature['transfer']>, SdkTransfer>(true),
  same<Parameters<IncomingCallListener>[0]['incomingCall'], SdkTeamsIncomingCall>(true),
  same<TpeCallAgent['resourceAccounts'], ResourceAccountOption[]>(true),
  same<TpeCallAgent['strings'], Partial<CallAgentStrings>>(true),
  same<CallAgentStrings, typeof callAgentStrings>(true),
  same<TpeCallAgent['status'], CallAgentStatus>(true),
  same<Parameters<TpeCallAgent['sendDtmf']>[0], DtmfTone>(true),
  same<DeviceLists['microphones'][number], AudioDeviceInfo>(true),
];

const eventChecks = [
  same<HTMLElementEventMap['tpe-status-change'], TpeEventMap['tpe-status-change']>(true),
  same<Detail<'tpe-status-change'>, StatusChangeDetail>(true),
  same<StatusChangeDetail<ConsentStatus>['status'], ConsentStatus>(true),
  same<Detail<'tpe-error'>, TpeErrorDetail>(true),
  same<SharedEventMap['tpe-error'], TpeEventMap['tpe-error']>(true),
  same<Detail<'tpe-signed-in'>, ConsentEventMap['tpe-signed-in']['detail']>(true),
  same<Detail<'tpe-incoming-call'>, IncomingCallDetail>(true),
  same<Detail<'tpe-call-ended'>, CallEndedDetail>(true),
  same<Detail<'tpe-call-state-change'>['state'], CallState>(true),
  same<CallAgentEventMap['tpe-call-ended'], TpeEventMap['tpe-call-ended']>(true),
];

/** A subclass sees the call agent's state as the entry's plain data. */
export class CallAgentProbe extends TpeCallAgent {
  calls(): { incoming?: IncomingCallInfo; active?: ActiveCallInfo; devices?: DeviceLists } {
    return { incoming: this.agent.incoming[0], active: this.agent.call, devices: this.agent.devices };
  }
}

/** A page's own listener and token source, written against the entry's names only. */
export const onCallsUpdated: CallsUpdatedListener = ({ added, removed }) => void [added, removed];
export const tokenSource: AcsTokenSource = async () => ({ token: 'not-a-token', expiresOnTimestamp: 0 });

describe('the package entry', () => {
  it('registers both elements under a prefix, as the classes whose types it exports', () => {
    // The type checks above compiled (npm run typecheck); at run time they are all `true`.
    expect([...consentChecks, ...callAgentChecks, ...eventChecks].every(Boolean)).to.equal(true);
    defineTpeElements('public-types');
    expect(document.createElement('public-types-consent')).to.be.instanceOf(TpeConsent);
    expect(document.createElement('public-types-call-agent')).to.be.instanceOf(TpeCallAgent);
    const detail: TpeErrorDetail = new TpeError('config', 'A sentence.', 'A remedy.', 'config').toDetail();
    expect(detail).to.deep.equal({ code: 'config', message: 'A sentence.', remedy: 'A remedy.', source: 'config' });
  });
});
