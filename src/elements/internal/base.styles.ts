import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * The colours of the two themes, by the name of the public custom property each one is the
 * default of (`--we-meeting-background`, `--we-chat-background`, … all default to
 * `background`). Every pair of text and background colours used together is at least 4.5:1.
 */
export const PALETTES = {
  dark: {
    background: '#111827',
    color: '#f9fafb',
    'muted-color': '#d1d5db',
    surface: '#1f2937',
    'surface-hover': '#374151',
    'border-color': '#6b7280',
    accent: '#60a5fa',
    primary: '#2563eb',
    danger: '#b91c1c',
    'error-color': '#fca5a5',
    speaking: '#22c55e',
    'own-background': '#1e3a8a',
    'own-color': '#f9fafb',
    'private-color': '#fcd34d',
  },
  light: {
    background: '#ffffff',
    color: '#111827',
    'muted-color': '#4b5563',
    surface: '#f3f4f6',
    'surface-hover': '#e5e7eb',
    'border-color': '#6b7280',
    accent: '#1d4ed8',
    primary: '#2563eb',
    danger: '#b91c1c',
    'error-color': '#b91c1c',
    speaking: '#15803d',
    'own-background': '#dbeafe',
    'own-color': '#1e3a8a',
    'private-color': '#92400e',
  },
} as const;

/** A theme the `theme` attribute can choose; without it an element follows `prefers-color-scheme`. */
export type ThemeName = keyof typeof PALETTES;

type Token = keyof (typeof PALETTES)['dark'];

function declarations(declare: (token: Token, value: string) => string, theme: ThemeName): CSSResult {
  const palette = PALETTES[theme];
  // The values are the constants above, never input.
  return unsafeCSS(
    (Object.keys(palette) as Token[]).map((token) => `${declare(token, palette[token])};`).join('\n'),
  );
}

/**
 * `--_theme-<token>` on every element: the palette its `theme` attribute chose, else the one
 * the nearest ancestor element chose (a `<we-chat>` inside `<we-meeting theme="light">` is
 * light too), else the one `prefers-color-scheme` asks for. The choice inherits through
 * `--_we-chosen-<token>`, which only an element with a `theme` attribute sets.
 */
const resolved = (theme: ThemeName) => declarations((token, value) => `--_theme-${token}: var(--_we-chosen-${token}, ${value})`, theme);
const chosen = (theme: ThemeName) => declarations((token, value) => `--_we-chosen-${token}: ${value}`, theme);

/** The light and dark palettes, and what every element shares: `hidden` honoured, border-box sizing, visually hidden text. */
export const baseStyles = css`
  :host {
    color-scheme: var(--_we-chosen-scheme, light dark);
    ${resolved('dark')}
  }
  @media (prefers-color-scheme: light) {
    :host {
      ${resolved('light')}
    }
  }
  :host([theme='dark']) {
    --_we-chosen-scheme: dark;
    ${chosen('dark')}
  }
  :host([theme='light']) {
    --_we-chosen-scheme: light;
    ${chosen('light')}
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * Plain buttons of the polls and history views: surface-coloured, bordered, dimmed while
 * disabled. Listed before an element's own styles, which refine them (primary, danger, …).
 */
export const surfaceButtonStyles = css`
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    padding: 0.4rem 0.8rem;
    border: 1px solid var(--_surface-hover);
    border-radius: 6px;
    background: var(--_surface);
  }
  button:hover:not(:disabled) {
    background: var(--_surface-hover);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
`;
