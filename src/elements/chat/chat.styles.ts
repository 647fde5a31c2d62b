import { css } from 'lit';

/** The views' styles, loaded with them (see `chat-view.ts`). */
export const chatStyles = css`
  p {
    margin: 0;
  }
  .muted,
  .note,
  .empty,
  .status,
  .hint,
  time {
    color: var(--_muted);
  }
  .error,
  .hint.over {
    color: var(--_error);
  }

  button,
  select,
  textarea {
    font: inherit;
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_surface);
  }
  button {
    cursor: pointer;
    padding: 0.4rem 0.8rem;
    border-color: var(--_surface-hover);
  }
  button:hover:not([aria-disabled='true']) {
    background: var(--_surface-hover);
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  select {
    padding: 0.3rem 0.4rem;
    min-width: 0;
    max-width: 100%;
  }
  :is(button, select, textarea, a, .log):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .icon {
    width: 1.1em;
    height: 1.1em;
    flex: none;
  }

  /* Lock indicator and security code */
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .lock {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.875rem;
  }
  .lock[data-encrypted='false'] {
    color: var(--_muted);
  }
  .verify {
    padding: 0.2rem 0.6rem;
    font-size: 0.875rem;
  }
  .security {
    display: grid;
    gap: 0.5rem;
    padding: 0.6rem;
    border-radius: 8px;
    background: var(--_surface);
    font-size: 0.875rem;
    max-height: 50%;
    overflow-y: auto;
  }
  .security[hidden] {
    display: none;
  }
  .label {
    font-weight: 600;
  }
  .code {
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 1rem;
    letter-spacing: 0.05em;
    word-spacing: 0.3em;
    overflow-wrap: anywhere;
  }
  .safety-row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  .field {
    display: grid;
    gap: 0.2rem;
  }
  .safety-result {
    display: grid;
    gap: 0.35rem;
  }

  /* Timeline */
  .log {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0.25rem;
    border-radius: 6px;
  }
  .note {
    font-size: 0.8125rem;
    text-align: center;
  }
  .empty {
    margin: auto;
  }
  .entries {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .message,
  .notice {
    max-width: 85%;
    padding: 0.4rem 0.65rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    border: 1px solid transparent;
  }
  .message.own {
    align-self: flex-end;
    background: var(--_own-bg);
    color: var(--_own-fg);
  }
  .message.own time {
    color: inherit;
  }
  .message.private {
    border: 1px dashed var(--_private);
  }
  .notice {
    align-self: center;
    background: none;
    border: 1px solid var(--_surface-hover);
    color: var(--_error);
    font-size: 0.875rem;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5rem;
    font-size: 0.8125rem;
  }
  .sender {
    font-weight: 600;
  }
  .private-tag {
    color: var(--_private);
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--_accent);
  }
  .own a {
    color: inherit;
  }
  .jump {
    align-self: center;
    padding: 0.2rem 0.9rem;
    border-radius: 999px;
    background: var(--_primary);
    border-color: transparent;
    color: #fff;
    box-shadow: 0 2px 8px rgb(0 0 0 / 40%);
  }

  /* Composer */
  .composer {
    display: grid;
    gap: 0.35rem;
  }
  .status,
  .hint,
  .error {
    font-size: 0.875rem;
  }
  .recipient {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.875rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
  }
  .draft {
    flex: 1;
    display: flex;
  }
  textarea {
    flex: 1;
    min-width: 0;
    resize: vertical;
    min-height: 2.75rem;
    max-height: 10rem;
    padding: 0.4rem 0.5rem;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  textarea[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .send {
    border-color: transparent;
    background: var(--_primary);
    color: #fff;
    font-weight: 600;
  }
  /* Over the general button hover, which would put white text on the surface colour. */
  .jump:hover:not([aria-disabled='true']),
  .send:hover:not([aria-disabled='true']) {
    background: var(--_primary);
    filter: brightness(1.1);
  }
`;
