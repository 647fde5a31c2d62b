import { css } from 'lit';

/**
 * Every colour is a `--we-meeting-*` custom property whose default comes from the light or dark
 * palette of `baseStyles` (contrast ≥ 4.5:1 in both).
 */
export const meetingStyles = css`
  :host {
    --_bg: var(--we-meeting-background, var(--_theme-background));
    --_fg: var(--we-meeting-color, var(--_theme-color));
    --_muted: var(--we-meeting-muted-color, var(--_theme-muted-color));
    --_surface: var(--we-meeting-surface, var(--_theme-surface));
    --_surface-hover: var(--we-meeting-surface-hover, var(--_theme-surface-hover));
    --_border: var(--we-meeting-border-color, var(--_theme-border-color));
    --_accent: var(--we-meeting-accent, var(--_theme-accent));
    --_primary: var(--we-meeting-primary, var(--_theme-primary));
    --_danger: var(--we-meeting-danger, var(--_theme-danger));
    --_error: var(--we-meeting-error-color, var(--_theme-error-color));
    --_speaking: var(--we-meeting-speaking, var(--_theme-speaking));
    --_gap: var(--we-meeting-gap, 0.5rem);
    --_tile-radius: var(--we-meeting-tile-radius, 8px);

    display: block;
    box-sizing: border-box;
    min-height: 12rem;
    padding: var(--we-meeting-padding, 1rem);
    border-radius: var(--we-meeting-radius, 12px);
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--we-meeting-font, system-ui, sans-serif);
    line-height: 1.4;
    container-type: inline-size;
  }
  .heading {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
  }
  .error {
    margin: 0.5rem 0;
    color: var(--_error);
  }
  p {
    margin: 0;
  }

  /* Buttons and fields */
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  :is(button, input, select, a, summary):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .primary,
  .join {
    padding: 0.6rem 1.5rem;
    border: 0;
    border-radius: 999px;
    background: var(--_primary);
    color: #fff;
    font-weight: 600;
  }
  :is(.primary, .join):hover:not(:disabled) {
    filter: brightness(1.1);
  }

  /* Pre-join */
  .prejoin {
    display: grid;
    gap: 0.75rem;
    max-width: 40rem;
    margin: 0 auto;
  }
  .preview-area {
    display: grid;
    gap: 0.5rem;
  }
  /* The boxes a video fills: the camera preview, the tiles and the shared screen. */
  .preview-video,
  .tile,
  .screen {
    position: relative;
    display: grid;
    place-items: center;
    overflow: hidden;
    border-radius: var(--_tile-radius);
    background: var(--_surface);
  }
  .preview-video {
    aspect-ratio: 16 / 9;
  }
  .preview-off,
  .screen-waiting {
    color: var(--_muted);
  }
  .mirrored,
  .tile.self .video {
    transform: scaleX(-1);
  }
  .meter {
    height: 0.5rem;
    overflow: hidden;
    border-radius: 999px;
    background: var(--_surface);
  }
  .meter-fill {
    height: 100%;
    background: var(--_speaking);
    transform-origin: left center;
    transition: transform 80ms linear;
  }
  .notice {
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_error);
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0.75rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .field input,
  .field select {
    width: 100%;
    padding: 0.5rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_surface);
    color: var(--_fg);
    font-size: 1rem;
  }
  .join {
    justify-self: start;
  }

  /* Status screens */
  .message-screen {
    display: grid;
    gap: 0.75rem;
    justify-items: center;
    align-content: center;
    min-height: 10rem;
    text-align: center;
  }
  [role='status'].message-screen {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    justify-content: center;
  }
  .indicator {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: #9ca3af;
  }
  :host([state='joined']) .indicator {
    background: var(--_speaking);
  }
  :host([state='connecting']) .indicator,
  :host([state='reconnecting']) .indicator {
    background: #f59e0b;
  }

  /* Meeting */
  .meeting {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    min-height: 20rem;
    height: 100%;
  }
  .status-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .body {
    display: flex;
    flex: 1 1 auto;
    gap: var(--_gap);
    min-height: 0;
  }
  .panel {
    display: flex;
    flex: 0 0 min(22rem, 45%);
    flex-direction: column;
    min-height: 0;
  }
  .panel[hidden] {
    display: none;
  }
  .panel > * {
    flex: 1 1 auto;
    min-height: 0;
  }
  .stage {
    display: flex;
    flex: 1 1 auto;
    flex-direction: column;
    min-height: 0;
  }
  .layout {
    flex: 1 1 auto;
    min-height: 16rem;
    gap: var(--_gap);
  }
  .layout-grid {
    display: grid;
    grid-template-columns: repeat(var(--we-grid-columns, 1), minmax(0, 1fr));
    grid-auto-rows: minmax(8rem, 1fr);
  }
  @container (max-width: 32rem) {
    .layout-grid {
      grid-template-columns: repeat(min(var(--we-grid-columns, 1), 2), minmax(0, 1fr));
    }
  }
  .layout-speaker,
  .layout-screen {
    display: grid;
    grid-template-rows: minmax(12rem, 1fr) auto;
  }
  .main,
  .screen {
    display: grid;
    min-height: 0;
  }
  .screen {
    background: #000;
  }
  .screen .video {
    object-fit: contain;
  }
  .strip {
    display: flex;
    gap: var(--_gap);
    overflow-x: auto;
    padding-bottom: 2px;
  }
  .strip .tile {
    flex: 0 0 10rem;
    height: 6.5rem;
  }

  /* Tiles */
  .tile {
    min-height: 6rem;
  }
  /* Drawn over the video (a later positioned box), which an outline would not be. */
  .tile::after {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: inherit;
    box-shadow: inset 0 0 0 3px transparent;
    pointer-events: none;
    transition: box-shadow 150ms ease;
  }
  .tile.speaking::after {
    box-shadow: inset 0 0 0 3px var(--_speaking);
  }
  .video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: #000;
  }
  .avatar {
    width: clamp(2.5rem, 30%, 6rem);
    aspect-ratio: 1;
    border-radius: 50%;
    object-fit: cover;
  }
  .initials {
    display: grid;
    place-items: center;
    background: #4b5563;
    color: #fff;
    font-size: 1.5rem;
    font-weight: 600;
  }
  .strip .initials {
    font-size: 1rem;
  }
  .caption {
    position: absolute;
    left: 0.4rem;
    bottom: 0.4rem;
    display: flex;
    gap: 0.25rem;
    align-items: center;
    max-width: calc(100% - 0.8rem);
    padding: 0.15rem 0.5rem;
    border-radius: 6px;
    background: rgb(0 0 0 / 0.7);
    color: #fff;
    font-size: 0.8125rem;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .muted-icon {
    display: inline-flex;
    /* The caption is dark in both themes. */
    color: #fca5a5;
  }
  .caption .icon {
    width: 1rem;
    height: 1rem;
  }

  /* Toolbar */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: center;
  }
  .control {
    display: inline-grid;
    place-items: center;
    width: 3rem;
    height: 3rem;
    border: 0;
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_fg);
  }
  /* Weaker than the coloured states below, which keep their colours under the pointer. */
  .control:where(:hover:not(:disabled)) {
    background: var(--_surface-hover);
  }
  .control:is(.off, .leave, .danger) {
    background: var(--_danger);
    color: #fff;
  }
  .control:is(.sharing, .expanded) {
    background: var(--_primary);
    color: #fff;
  }
  .control.leave {
    width: 4rem;
    border-radius: 999px;
  }
  .control:is(.off, .leave, .danger, .sharing, .expanded):hover:not(:disabled) {
    filter: brightness(1.15);
  }
  .icon {
    width: 1.4rem;
    height: 1.4rem;
  }

  /* Device settings */
  .settings {
    display: grid;
    gap: 0.5rem;
    align-self: center;
    width: min(100%, 40rem);
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_tile-radius);
    background: var(--_bg);
  }
  .settings[hidden] {
    display: none;
  }
  .settings-title {
    font-weight: 600;
  }

  @media (prefers-reduced-motion: reduce) {
    .tile::after,
    .meter-fill {
      transition: none;
    }
  }
`;
