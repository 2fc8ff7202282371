import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the shortcuts can do right now: none while no call rings or is live, or while they are turned off. */
export interface ShortcutActions {
  /** Alt+Shift+A. */
  answer?: () => Promise<void>;
  /** Alt+Shift+H: hang up, or decline a ringing call. */
  hangUp?: () => Promise<void>;
}

/**
 * Alt+Shift+A and Alt+Shift+H for `<tpe-call-agent>`, heard page-wide, taken only when they have something to
 * do: the page's other keystrokes, and these ones while no call rings or is live, reach the page untouched.
 * Typing in one of the page's own fields always wins, wherever it sits (another shadow root included).
 */
export class CallShortcutsController implements ReactiveController {
  #document?: Document;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly actions: () => ShortcutActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#document = this.host.ownerDocument;
    this.#document.addEventListener('keydown', this.#onKey);
  }

  hostDisconnected(): void {
    this.#document?.removeEventListener('keydown', this.#onKey);
    this.#document = undefined;
  }

  readonly #onKey = (event: KeyboardEvent) => {
    // The page (or an input method) handled it already, or it is a key held down: not ours to take.
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    const actions = this.actions();
    const action = event.code === 'KeyA' ? actions.answer : event.code === 'KeyH' ? actions.hangUp : undefined;
    if (!action || typedIntoPageField(event, this.host)) return;
    event.preventDefault();
    void action().catch(() => undefined);
  };
}

/** Input types a person does not type text into: a shortcut on one of them is not a keystroke in a field. */
const NOT_TYPED: ReadonlySet<string> = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image', 'hidden']);

/**
 * Whether the keystroke landed in an editable field of the page, looked up along the composed path so that a
 * field inside another component's (open) shadow root counts. The host's own fields (the number to dial, the
 * transfer target) do not: they take phone numbers, and the shortcuts belong to the phone.
 */
export function typedIntoPageField(event: Event, host: Element): boolean {
  const path = event.composedPath();
  return !path.includes(host) && path.some(editable);
}

function editable(node: EventTarget): boolean {
  if (node instanceof HTMLInputElement) return !NOT_TYPED.has(node.type);
  return node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement || (node instanceof HTMLElement && node.isContentEditable);
}
