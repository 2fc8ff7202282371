import { frozen } from '../frozen.js';
import type { ErrorStrings } from '../messages/errors.en.js';

/** Every word `<tpe-call-agent>` shows or announces; set the element's `strings` property to translate any. */
export const callAgentStrings = frozen({
  offlineTitle: 'Offline',
  offlineHint: 'Go online to take and place calls.',
  goOnline: 'Go online',
  /** Beside Go online while the browser has not yet asked about notifications (it asks on that click). */
  notificationWhy: 'Allow notifications so that a call ringing while this page is hidden or behind another window still reaches you.',
  goOffline: 'Go offline',
  connecting: 'Connecting…',
  readyTitle: 'Ready for calls',
  reconnectingTitle: 'Reconnecting…',
  reconnectingHint: 'The connection to the calling service dropped. Calls resume when it is back.',
  errorTitle: 'Cannot take calls',
  busyTitle: 'The service is busy',
  tryAgain: 'Try again',
  incomingTitle: 'Incoming call',
  incomingOn: (line: string) => `on ${line}`,
  transferredBy: (name: string) => `transferred by ${name}`,
  unknownCaller: 'Unknown caller',
  accept: 'Answer',
  decline: 'Decline',
  inCallTitle: 'In call',
  states: {
    None: 'Starting…',
    Connecting: 'Calling…',
    Ringing: 'Ringing…',
    EarlyMedia: 'Ringing…',
    Connected: 'Connected',
    LocalHold: 'On hold',
    RemoteHold: 'Held by the other party',
    InLobby: 'Waiting…',
    Disconnecting: 'Hanging up…',
    Disconnected: 'Ended',
  } as Record<string, string>,
  /** Under the caller in a call: the resource account's line, "Contoso Support (+1 425 555 0100)". */
  callOn: (line: string) => `on ${line}`,
  /** The DTMF tones sent in this call, as the keys read: "1 2 #". */
  tonesSent: (tones: string) => `Tones sent: ${tones}`,
  mute: 'Mute',
  unmute: 'Unmute',
  hold: 'Hold',
  resume: 'Resume',
  keypad: 'Keypad',
  keypadLabel: 'Dial pad: send tones',
  transfer: 'Transfer',
  transferTo: 'Transfer to (phone number or agent id)',
  transferNow: 'Transfer now',
  hangUp: 'Hang up',
  endForEveryone: 'End for everyone',
  emergencyNotice: 'Emergency call: hold, mute and transfer are not available.',
  dialTitle: 'Place a call',
  number: 'Phone number',
  onBehalfOf: 'Call as',
  call: 'Call',
  devicesTitle: 'Audio devices',
  microphone: 'Microphone',
  speaker: 'Speaker',
  systemSpeaker: 'The browser’s default speaker',
  dismiss: 'Dismiss',
  lastCall: (reason: string) => `Last call: ${reason}`,
  announceRinging: (caller: string) => `Incoming call from ${caller}.`,
  announceEnded: 'Call ended.',
  /** The tab title while a call rings and the agent looks elsewhere. */
  ringingTitle: (title: string) => `(Ringing) ${title}`,
  notificationTitle: 'Incoming call',
  notificationBody: (caller: string) => `${caller} is calling. Select to answer.`,
  /** A call stays in the tab that holds it: it cannot move to another. */
  leaveWarning: 'Leaving or reloading this page ends the call: a call cannot move to another tab.',
  shortcuts: 'Shortcuts: Alt+Shift+A answers, Alt+Shift+H hangs up.',
  /** Instead of Go online while the agent is not signed in, or not yet allowed to take calls. */
  signInFirst: 'Sign in with your work account first; then you can go online.',
  /** Instead of Go online while the agent is signed in but cannot take calls yet (no access, consent missing…). */
  noAccessYet: 'Your account cannot take calls yet: the sign-in card says what is missing.',
  /** After a reload or a closed tab cut a live call off. */
  interruptedCall: (who: string) => `Your call with ${who} was cut off when this page was reloaded or closed; the service ends it for the caller.`,
  missedCalls: (count: number, who: string, at: Date) =>
    count === 1 ? `Missed call from ${who} at ${at.toLocaleTimeString()}.` : `${count} missed calls; the last from ${who} at ${at.toLocaleTimeString()}.`,
  clearMissed: 'Clear',
  /** While the browser says the computer has no network. */
  networkOffline: 'This computer is offline. Calls resume when the network is back.',
  /** After a failure that time can fix: the phone tries again by itself (sooner if the network comes back). */
  retryingAt: (at: Date) => `Trying again by itself at ${at.toLocaleTimeString()}.`,
  timer: (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
  /**
   * What a failure says on screen, by its code: `{ message, remedy }`, a function where a sentence takes the
   * failure's `values`. A code left out says the failure's own words: the English of src/messages/ (written once
   * there and not repeated here, to keep the first load small), or what a page's own auth provider said.
   * The `tpe-error` event always carries the code and the English.
   */
  errors: {} as Partial<ErrorStrings>,
});

export type CallAgentStrings = typeof callAgentStrings;
