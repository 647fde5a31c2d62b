import { css } from 'lit';

/**
 * The element's box, colours and heading, from its first render (what it shows outside a
 * meeting). Each colour is a `--we-poll-*` custom property that falls back to the matching
 * `--we-meeting-*` one, so one theme styles both, and then to the light or dark palette of
 * `baseStyles` (contrast ≥ 4.5:1 in both).
 */
export const pollHostStyles = css`
  :host {
    --_bg: var(--we-poll-background, var(--we-meeting-background, var(--_theme-background)));
    --_fg: var(--we-poll-color, var(--we-meeting-color, var(--_theme-color)));
    --_muted: var(--we-poll-muted-color, var(--we-meeting-muted-color, var(--_theme-muted-color)));
    --_surface: var(--we-poll-surface, var(--we-meeting-surface, var(--_theme-surface)));
    --_surface-hover: var(--we-poll-surface-hover, var(--we-meeting-surface-hover, var(--_theme-surface-hover)));
    --_accent: var(--we-poll-accent, var(--we-meeting-accent, var(--_theme-accent)));
    --_primary: var(--we-poll-primary, var(--we-meeting-primary, var(--_theme-primary)));
    --_danger: var(--we-poll-danger, var(--we-meeting-danger, var(--_theme-danger)));
    --_error: var(--we-poll-error-color, var(--we-meeting-error-color, var(--_theme-error-color)));

    display: block;
    padding: var(--we-poll-padding, 1rem);
    border-radius: var(--we-poll-radius, 12px);
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--we-poll-font, var(--we-meeting-font, system-ui, sans-serif));
    line-height: 1.4;
  }
  h2,
  h3,
  h4 {
    margin: 0;
  }
  h2 {
    font-size: 1.125rem;
  }
  h3 {
    font-size: 1rem;
    overflow-wrap: anywhere;
  }
  h4 {
    margin-top: 0.75rem;
    font-size: 0.9375rem;
  }
  h3:focus {
    outline: none;
  }
  p {
    margin: 0.5rem 0;
  }
  .muted,
  .hint {
    color: var(--_muted);
  }
  .hint {
    font-size: 0.875rem;
  }
  .error {
    color: var(--_error);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-bottom: 0.75rem;
  }
`;
