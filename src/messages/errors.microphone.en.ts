// The microphone, found before a call, between calls or when one is answered.
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
export const errorsMicrophoneEn = Object.freeze({
  'microphone-denied': {
    message: 'The browser is not allowed to use your microphone.',
    remedy: 'Allow microphone access for this site (the icon in the address bar), then try again.',
  },
  'microphone-missing': { message: 'No microphone is connected.', remedy: 'Plug in a headset or microphone.' },
  'microphone-not-connected': { message: 'The microphone you chose is not connected.', remedy: 'Plug it back in, or choose another microphone.' },
  'microphone-busy': { message: 'Another app is using your microphone.', remedy: 'Close the other app (or end its call), then go online again.' },
  'microphone-silent': {
    message: 'Your microphone sends no sound: it may be muted or broken.',
    remedy: 'Check the mute switch on your headset or its cable, or choose another microphone.',
  },
  'microphone-no-answer': {
    message: 'Your microphone did not start.',
    remedy: 'Answer the browser if it asks to use your microphone; otherwise reconnect it or restart the browser.',
  },
  'microphone-failed': { message: 'Your microphone could not be started.', remedy: 'Reconnect it or choose another microphone, then go online again.' },
  'microphone-unplugged': { message: 'Your microphone was unplugged.', remedy: 'Plug it back in, or choose another microphone.' },
});
