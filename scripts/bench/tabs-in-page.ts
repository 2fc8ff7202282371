// What `npm run bench:tabs` installs in every tab before the page's own scripts, as `window.__tpeTabs`: what the
// tab opened and sounded, seen from the browser APIs the element uses (not from its own account of itself), and
// its phone's state. Plain JavaScript in a string, for the reason given in call-agent-in-page.ts.

/** One tab's figures, as `__tpeTabs.read()` returns them. */
export interface TabFigures {
  status: string;
  owner: boolean;
  ringing: boolean;
  /** `getUserMedia({audio})` calls this tab made. */
  micRequests: number;
  /** Audio tracks from them still live: microphone captures this tab holds open. */
  micLive: number;
  /** `OscillatorNode.prototype.start` calls: the default ring tone is Web Audio, two oscillators (440 + 480 Hz) a ring. */
  oscillatorStarts: number;
}

export const TABS_IN_PAGE = String.raw`(() => {
  const counts = { micRequests: 0, oscillatorStarts: 0 };
  const tracks = [];
  const media = navigator.mediaDevices;
  if (media && media.getUserMedia) {
    const getUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      if (constraints && constraints.audio) counts.micRequests += 1;
      const stream = await getUserMedia(constraints);
      tracks.push(...stream.getAudioTracks());
      return stream;
    };
  }
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    counts.oscillatorStarts += 1;
    return start.apply(this, args);
  };
  const agent = () => document.querySelector('tpe-call-agent');
  window.__tpeTabs = {
    read() {
      const el = agent();
      return {
        status: el ? el.status : 'absent',
        owner: Boolean(el && el.owner),
        ringing: Boolean(el && el.ringing),
        micRequests: counts.micRequests,
        micLive: tracks.filter((t) => t.readyState === 'live').length,
        oscillatorStarts: counts.oscillatorStarts,
      };
    },
    /** The agent's <tpe-consent> status, once the element is defined, with its failure when it failed. */
    async consent() {
      await customElements.whenDefined('tpe-consent');
      const el = document.getElementById('agent-sign-in');
      const failure = el.consent && el.consent.failure;
      return el.status === 'error' && failure ? 'error (' + failure.code + ': ' + failure.message + ')' : el.status;
    },
  };
})();`;
