import { css } from 'lit';

/** The views' styles during a meeting, loaded with them (see `poll-view.ts`). */
export const pollStyles = css`
  ol,
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .list {
    display: grid;
    gap: 0.75rem;
  }
  .poll,
  .create {
    padding: 0.75rem;
    border: 1px solid var(--_surface-hover);
    border-radius: 8px;
    background: var(--_surface);
  }
  .create {
    margin-bottom: 0.75rem;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    margin: 0.375rem 0 0.5rem;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .state {
    padding: 0 0.4rem;
    border: 1px solid currentColor;
    border-radius: 999px;
  }
  .state.open {
    color: var(--_fg);
    border-color: var(--_accent);
  }
  .draft-options {
    list-style: disc;
    padding-inline-start: 1.25rem;
  }
  /* A voter's privacy note; the host's Named or Anonymous label is plain text. */
  p.privacy {
    padding: 0.375rem 0.5rem;
    border-inline-start: 3px solid var(--_accent);
    background: var(--_bg);
  }

  /* Results */
  .bars {
    display: grid;
    gap: 0.5rem;
  }
  .bar-label {
    display: flex;
    justify-content: space-between;
    gap: 0.75rem;
    overflow-wrap: anywhere;
  }
  .count,
  .total {
    font-variant-numeric: tabular-nums;
  }
  .count {
    flex: none;
    color: var(--_muted);
  }
  .bar {
    height: 0.625rem;
    margin-top: 0.2rem;
    border-radius: 999px;
    background: var(--_bg);
    overflow: hidden;
  }
  .fill {
    height: 100%;
    border-radius: inherit;
    background: var(--we-poll-bar-color, var(--_accent));
    transition: width 0.3s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
  }
  .voters ul {
    display: grid;
    gap: 0.375rem;
    margin-top: 0.375rem;
  }
  .voters li {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .avatar {
    flex: none;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    object-fit: cover;
  }
  .avatar.initial {
    display: inline-grid;
    place-items: center;
    background: var(--_surface-hover);
    font-weight: 600;
    font-size: 0.875rem;
  }
  .voters .choice {
    color: var(--_muted);
  }

  /* Forms */
  fieldset {
    min-width: 0;
    margin: 0.75rem 0 0;
    padding: 0;
    border: none;
  }
  legend {
    padding: 0;
  }
  legend,
  .field label {
    font-weight: 600;
  }
  .ballot legend {
    margin-bottom: 0.25rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-top: 0.75rem;
  }
  .option-row {
    display: grid;
    grid-template-columns: 5.5rem 1fr auto;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.375rem;
  }
  input[type='text'] {
    font: inherit;
    color: inherit;
    width: 100%;
    min-width: 0;
    padding: 0.4rem 0.5rem;
    border: 1px solid var(--_muted);
    border-radius: 6px;
    background: var(--_bg);
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin-top: 0.375rem;
    cursor: pointer;
  }
  .check input {
    flex: none;
    width: 1.125rem;
    height: 1.125rem;
    margin: 0.125rem 0 0;
    accent-color: var(--_accent);
  }
  .choices {
    display: grid;
    gap: 0.125rem;
  }
  .choices .check {
    padding: 0.375rem 0.5rem;
    border-radius: 6px;
  }
  .choices .check:hover {
    background: var(--_surface-hover);
  }

  /* Buttons */
  :is(button, input, h3, .confirmation):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  /* The shared button rules paint with --_surface, hovered with --_surface-hover: both take the button's colour. */
  .primary {
    --_surface: var(--_primary);
  }
  .danger {
    --_surface: var(--_danger);
  }
  :is(.primary, .danger) {
    --_surface-hover: var(--_surface);
    border-color: transparent;
    color: #fff;
  }
  :is(.primary, .danger):hover:not(:disabled) {
    filter: brightness(1.15);
  }
  button[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  button[aria-pressed='true']::before {
    content: '✓ ' / '';
  }
  button.add {
    margin-top: 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .confirm p {
    margin-top: 0.75rem;
  }
`;
