import { css } from 'lit';

/**
 * `<tpe-call-agent>`'s own look on top of the shared one, whose private tokens it reads. `--tpe-color-ringing`
 * is this element's alone, so its token is declared here in the same way (light fallback on `:host`, dark once
 * below it): in the shared styles it would count as `<tpe-consent>`'s too, for the manifest reads each
 * element's public properties from the styles it adopts. The ringing card's tint keeps the light scheme's
 * deeper green in the dark scheme too (`--_ringing-deep`). The ringing card is visible without sound. A phone
 * number (`.number`) is never broken across lines.
 */
export const callAgentStyles = css`
  :host {
    --_ringing-deep: var(--tpe-color-ringing, #0e7a0d);
    --_ringing: var(--_ringing-deep);
    --_on-ringing: #fff;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_ringing: var(--tpe-color-ringing, #3fb950);
      --_on-ringing: #0a0a0a;
    }
  }
  .quiet {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .caller {
    font-size: 1.15rem;
    font-weight: 600;
    margin: 0.25rem 0;
    overflow-wrap: anywhere;
  }
  .caller-number {
    margin: 0 0 0.25rem;
    font-variant-numeric: tabular-nums;
  }
  .number {
    white-space: nowrap;
  }
  .incoming {
    border: 2px solid var(--_ringing);
    border-radius: var(--_radius);
    padding: 0.75rem;
    margin-bottom: 0.75rem;
    background: color-mix(in srgb, var(--_ringing-deep) 10%, transparent);
  }
  .ring-label {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 600;
    margin: 0;
  }
  .ring-dot {
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: var(--_ringing);
    animation: ring 1s ease-in-out infinite;
  }
  @keyframes ring {
    50% {
      transform: scale(1.5);
      opacity: 0.4;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .ring-dot {
      animation: none;
    }
  }
  button.accept {
    background: var(--_ringing);
    border-color: var(--_ringing);
    color: var(--_on-ringing);
  }
  button.danger {
    background: var(--_danger-deep);
    border-color: var(--_danger-deep);
    color: #fff;
  }
  button[aria-pressed='true'] {
    background: color-mix(in srgb, var(--_primary-deep) 20%, transparent);
  }
  .call {
    margin-bottom: 0.75rem;
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 3rem);
    gap: 0.4rem;
    margin-top: 0.75rem;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
    margin: 0.75rem 0;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    font-size: 0.9em;
    min-width: 0;
  }
  input,
  select {
    font: inherit;
    padding: 0.35rem;
    max-width: 100%;
    box-sizing: border-box;
  }
  input[aria-invalid='true'] {
    outline: 2px solid var(--_danger-deep);
  }
  .devices {
    margin: 0.5rem 0;
  }
  .devices label {
    margin-top: 0.5rem;
  }
  .notice {
    margin-top: 0.75rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_danger-deep);
  }
`;
