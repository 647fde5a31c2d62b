import { css } from 'lit';

/**
 * The element's box and colours, from its first render. Each colour is a `--we-chat-*` custom
 * property that falls back to the matching `--we-meeting-*` one, so one theme styles both, and
 * then to the light or dark palette of `baseStyles` (contrast ≥ 4.5:1 in both).
 */
export const chatHostStyles = css`
  :host {
    --_muted: var(--we-chat-muted-color, var(--we-meeting-muted-color, var(--_theme-muted-color)));
    --_surface: var(--we-chat-surface, var(--we-meeting-surface, var(--_theme-surface)));
    --_surface-hover: var(--we-chat-surface-hover, var(--we-meeting-surface-hover, var(--_theme-surface-hover)));
    --_accent: var(--we-chat-accent, var(--we-meeting-accent, var(--_theme-accent)));
    --_primary: var(--we-chat-primary, var(--we-meeting-primary, var(--_theme-primary)));
    --_border: var(--we-chat-border-color, var(--we-meeting-border-color, var(--_theme-border-color)));
    --_own-bg: var(--we-chat-own-background, var(--_theme-own-background));
    --_own-fg: var(--we-chat-own-color, var(--_theme-own-color));
    --_private: var(--we-chat-private-color, var(--_theme-private-color));
    --_error: var(--we-chat-error-color, var(--we-meeting-error-color, var(--_theme-error-color)));
    --_radius: var(--we-chat-bubble-radius, 10px);

    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    height: 28rem;
    min-height: 14rem;
    box-sizing: border-box;
    padding: var(--we-chat-padding, 0.75rem);
    border-radius: var(--we-chat-radius, 12px);
    background: var(--we-chat-background, var(--we-meeting-background, var(--_theme-background)));
    color: var(--we-chat-color, var(--we-meeting-color, var(--_theme-color)));
    font-family: var(--we-chat-font, var(--we-meeting-font, system-ui, sans-serif));
    line-height: 1.4;
  }
`;
