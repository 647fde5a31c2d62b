import { css } from 'lit';

export const meetingStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    min-height: 12rem;
    padding: var(--we-meeting-padding, 1rem);
    border-radius: var(--we-meeting-radius, 12px);
    background: var(--we-meeting-background, #111827);
    color: var(--we-meeting-color, #f9fafb);
    font-family: var(--we-meeting-font, system-ui, sans-serif);
  }
  [part='status'] {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  [part='indicator'] {
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: #9ca3af;
  }
  :host([state='joined']) [part='indicator'] {
    background: #22c55e;
  }
  :host([state='connecting']) [part='indicator'],
  :host([state='reconnecting']) [part='indicator'] {
    background: #f59e0b;
  }
  :host([state='failed']) [part='indicator'] {
    background: #ef4444;
  }
  [part='error'] {
    color: #fca5a5;
  }
`;
