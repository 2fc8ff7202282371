import { css } from 'lit';

/**
 * `<tpe-call-agent>`'s own look on top of the shared one; the ringing card is visible without sound. A phone
 * number (`.number`) is never broken across lines.
 */
export const callAgentStyles = css`
  .quiet {
    color: var(--tpe-color-muted, color-mix(in srgb, currentColor 75%, transparent));
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
    border: 2px solid var(--tpe-color-ringing, #0e7a0d);
    border-radius: var(--tpe-radius, 0.6rem);
    padding: 0.75rem;
    margin-bottom: 0.75rem;
    background: color-mix(in srgb, var(--tpe-color-ringing, #0e7a0d) 10%, transparent);
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
    background: var(--tpe-color-ringing, #0e7a0d);
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
    background: var(--tpe-color-ringing, #0e7a0d);
    border-color: var(--tpe-color-ringing, #0e7a0d);
    color: #fff;
  }
  button.danger {
    background: var(--tpe-color-danger, #b3261e);
    border-color: var(--tpe-color-danger, #b3261e);
    color: #fff;
  }
  button[aria-pressed='true'] {
    background: color-mix(in srgb, var(--tpe-color-primary, #0f6cbd) 20%, transparent);
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
    outline: 2px solid var(--tpe-color-danger, #b3261e);
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
    border-inline-start: 4px solid var(--tpe-color-danger, #b3261e);
  }
  @media (prefers-color-scheme: dark) {
    button.accept {
      background: var(--tpe-color-ringing, #3fb950);
      border-color: var(--tpe-color-ringing, #3fb950);
      color: #0a0a0a;
    }
    .incoming {
      border-color: var(--tpe-color-ringing, #3fb950);
    }
    .ring-dot {
      background: var(--tpe-color-ringing, #3fb950);
    }
  }
`;
