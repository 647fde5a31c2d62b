import { css } from 'lit';

/**
 * The raised hand, reactions, host actions and their small popups (Reactions menu, a tile's
 * actions, the End meeting confirmation). Uses the custom properties `meetingStyles` defines.
 */
export const hostActionStyles = css`
  .locked {
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
  }
  .locked .icon {
    width: 1rem;
    height: 1rem;
  }
  .hand-icon {
    display: inline-flex;
    color: #fcd34d;
  }
  .reaction {
    position: absolute;
    top: 0.4rem;
    left: 0.4rem;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 50%;
    background: rgb(0 0 0 / 0.6);
    font-size: 1.6rem;
    animation: we-reaction-in 200ms ease-out;
  }
  .reaction:empty {
    display: none;
  }
  @keyframes we-reaction-in {
    from {
      transform: scale(0.4);
      opacity: 0;
    }
  }
  .tile-actions {
    position: absolute;
    top: 0.4rem;
    right: 0.4rem;
    bottom: 0.4rem;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 0.25rem;
    max-width: calc(100% - 0.8rem);
    pointer-events: none;
  }
  .tile-actions > * {
    pointer-events: auto;
  }
  .actions-toggle {
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: rgb(0 0 0 / 0.7);
    color: #fff;
  }
  .actions-toggle .icon {
    width: 1.1rem;
    height: 1.1rem;
  }
  .popup {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.4rem;
    border: 1px solid var(--_border);
    border-radius: var(--_tile-radius);
    background: var(--_bg);
  }
  .popup[hidden] {
    display: none;
  }
  .popup button {
    padding: 0.35rem 0.7rem;
    border: 0;
    border-radius: 6px;
    background: var(--_surface);
  }
  .popup button:hover:not(:disabled) {
    background: var(--_surface-hover);
  }
  .popup button.danger {
    background: var(--_danger);
    color: #fff;
  }
  .popup-text {
    flex-basis: 100%;
    font-size: 0.875rem;
  }
  .actions-menu {
    flex-direction: column;
    flex-wrap: nowrap;
    min-height: 0;
    overflow-y: auto;
    font-size: 0.875rem;
  }
  .actions-menu button {
    text-align: start;
  }
  /* The meeting screen behind the recording notice: a wrapper that only carries inert. */
  .recording-screen {
    display: contents;
  }
  .control.recording .icon {
    color: var(--_danger);
  }
  .reactions,
  .confirm {
    align-self: center;
    align-items: center;
    justify-content: center;
  }
  .reaction-choice {
    font-size: 1.4rem;
    line-height: 1;
  }

  @media (prefers-reduced-motion: reduce) {
    .reaction {
      animation: none;
    }
  }
`;
