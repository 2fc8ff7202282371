// Typed JSX for the two tags, from the element classes themselves: React 19 sets a prop as a property
// when the element has one (so these are the elements' property names and types), and an `on<event>`
// prop adds a listener for exactly `<event>` (`ontpe-incoming-call` for `tpe-incoming-call`).
// In an app, import the types from 'tpe-elements' instead of the source.
import type { HTMLAttributes, RefAttributes } from 'react';
import type {
  CallAgentEventMap,
  CallAgentStatus,
  ConsentEventMap,
  ConsentStatus,
  StatusChangeDetail,
  TpeCallAgent,
  TpeConsent,
  TpeErrorDetail,
} from '../../../src/index.js';

/** `tpe-status-change` and `tpe-error`, with the status type of the element that fires them. */
interface SharedEvents<S extends string> {
  'tpe-status-change': CustomEvent<StatusChangeDetail<S>>;
  'tpe-error': CustomEvent<TpeErrorDetail>;
}

/** `ontpe-incoming-call` and the like: React 19 calls addEventListener with the name after `on`, as written. */
type EventProps<Events> = { [K in keyof Events & string as `on${K}`]?: (event: Events[K]) => void };

/** The element's settable properties, its events, and whatever any HTML element takes (id, className, ref…). */
type ElementProps<E extends HTMLElement, Props extends keyof E, Events> = Omit<HTMLAttributes<E>, Props> &
  RefAttributes<E> &
  Partial<Pick<E, Props>> &
  EventProps<Events>;

type ConsentProps = 'proxyUrl' | 'mode' | 'persona' | 'clientId' | 'authority' | 'redirectUri' | 'adminConsentRedirectUri' | 'redirectFallback' | 'config' | 'authProvider' | 'strings';
type CallAgentProps = 'for' | 'consent' | 'resourceAccountId' | 'resourceAccounts' | 'autoOnline' | 'tokenSource' | 'callingSdk' | 'strings';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'tpe-consent': ElementProps<TpeConsent, ConsentProps, SharedEvents<ConsentStatus> & ConsentEventMap>;
      'tpe-call-agent': ElementProps<TpeCallAgent, CallAgentProps, SharedEvents<CallAgentStatus> & CallAgentEventMap>;
    }
  }
}
