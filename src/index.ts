// tpe-elements: the classes, their types and the registration functions, without registering anything.
// Import `tpe-elements/define/tpe-consent.js` and `…/tpe-call-agent.js` for the default tags, or call
// defineTpeElements('acme') for `<acme-consent>` and `<acme-call-agent>`.
export { TpeConsent } from './elements/tpe-consent.js';
export { TpeCallAgent } from './elements/tpe-call-agent.js';
export { defineTpeElements, defineTpeConsent, defineTpeCallAgent } from './define/registry.js';
export { consentStrings, type ConsentStrings } from './elements/tpe-consent.strings.js';
export { callAgentStrings, type CallAgentStrings } from './elements/tpe-call-agent.strings.js';
// Translations: a page that imports one pays for it; the elements never import them.
export { consentStringsDe } from './elements/tpe-consent.strings.de.js';
export { callAgentStringsDe } from './elements/tpe-call-agent.strings.de.js';
export { errorsEn, type CallAction, type ErrorCode, type ErrorStrings, type TranslatedSentence } from './messages/errors.en.js';
export { errorsDe } from './messages/errors.de.js';
export type { FailureFacts } from './messages/error-words.js';
// Every type a public property, method or event of either element names is exported here (type-only), so
// a page can name what it passes in and gets back; test/browser/public-types.test.ts holds the list to it.
export type { AccountSummary, AuthProvider, SignInOptions } from './auth/auth-provider.js';
export type { ConsentScopes, ConsentSettings, ConsentSettingsOverrides } from './consent/consent-settings.js';
export type { ConsentStatus, ConsentEventMap } from './consent/consent-events.js';
export type { RetryScheduler } from './consent/busy-retry.js';
export type { CallAgentStatus, CallAgentEventMap, CallEndedDetail, IncomingCallDetail, MissedCallDetail, RingDetail } from './calling/call-agent-events.js';
export type { RingTone, RingToneOption } from './calling/ringer.js';
export type { AgentIdentitySource, DeviceLists } from './calling/call-agent-controller.js';
export type { AcsToken, AcsTokenSource, ActiveCallInfo, IncomingCallInfo } from './calling/call-agent-session.js';
export type {
  AudioDeviceInfo,
  CallEndReason,
  CallingSdk,
  CallsUpdatedListener,
  CallState,
  ConnectionState,
  DtmfTone,
  IncomingCallListener,
  SdkCallClient,
  SdkDeviceManager,
  SdkRemoteParticipant,
  SdkTeamsCall,
  SdkTeamsCallAgent,
  SdkTeamsIncomingCall,
  SdkTransfer,
  SdkTransferFeature,
} from './calling/calling-sdk.js';
export type { ResourceAccountOption } from './elements/call-agent-views.js';
export type { SharedEventMap, StatusChangeDetail, TpeEventMap } from './tpe-events.js';
export { TpeError, type TpeErrorDetail, type TpeErrorValues } from './tpe-error.js';
export { createPageServices, pageServicesContext, type PageServices } from './page-services.js';
export type { TpeElement } from './elements/tpe-element.js';
