import { css } from 'lit';

/** Colours come from the `--we-meeting-*` properties, then from the theme's palette. */
export const signInStyles = css`
  :host {
    --_bg: var(--we-meeting-background, var(--_theme-background));
    --_fg: var(--we-meeting-color, var(--_theme-color));
    --_muted: var(--we-meeting-muted-color, var(--_theme-muted-color));
    --_surface: var(--we-meeting-surface, var(--_theme-surface));
    --_surface-hover: var(--we-meeting-surface-hover, var(--_theme-surface-hover));
    --_accent: var(--we-meeting-accent, var(--_theme-accent));
    display: block;
    max-width: 24rem;
    padding: 1rem;
    border-radius: 12px;
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--we-meeting-font, system-ui, sans-serif);
  }
  form {
    display: grid;
    gap: 0.6rem;
  }
  label {
    display: grid;
  }
  input {
    font: inherit;
    padding: 0.4rem;
  }
  [aria-selected='true'] {
    box-shadow: inset 0 -2px var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
  }
  p {
    margin: 0;
  }
  [role='alert'] {
    color: var(--we-meeting-error-color, var(--_theme-error-color));
  }
`;
