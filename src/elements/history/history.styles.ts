import { css } from 'lit';

/**
 * Each colour is a `--we-history-*` custom property that falls back to the matching
 * `--we-meeting-*` one, so one theme styles both, and then to the light or dark palette of
 * `baseStyles` (contrast ≥ 4.5:1 in both).
 */
export const historyStyles = css`
  :host {
    --_bg: var(--we-history-background, var(--we-meeting-background, var(--_theme-background)));
    --_fg: var(--we-history-color, var(--we-meeting-color, var(--_theme-color)));
    --_muted: var(--we-history-muted-color, var(--we-meeting-muted-color, var(--_theme-muted-color)));
    --_surface: var(--we-history-surface, var(--we-meeting-surface, var(--_theme-surface)));
    --_surface-hover: var(--we-history-surface-hover, var(--we-meeting-surface-hover, var(--_theme-surface-hover)));
    --_accent: var(--we-history-accent, var(--we-meeting-accent, var(--_theme-accent)));
    --_primary: var(--we-history-primary, var(--we-meeting-primary, var(--_theme-primary)));
    --_error: var(--we-history-error-color, var(--we-meeting-error-color, var(--_theme-error-color)));

    display: block;
    box-sizing: border-box;
    padding: var(--we-history-padding, 1rem);
    border-radius: var(--we-history-radius, 12px);
    background: var(--_bg);
    color: var(--_fg);
    font-family: var(--we-history-font, var(--we-meeting-font, system-ui, sans-serif));
    line-height: 1.4;
  }
  section + section {
    margin-top: 1.5rem;
  }
  h2,
  h3 {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
  }
  h4 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
    overflow-wrap: anywhere;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  p {
    margin: 0.5rem 0;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_error);
  }

  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.4rem 0.6rem;
    text-align: start;
    vertical-align: middle;
    border-bottom: 1px solid var(--_surface-hover);
    white-space: nowrap;
  }
  th {
    color: var(--_muted);
    font-weight: 600;
  }
  td.number,
  th.number {
    text-align: end;
  }
  tr[aria-current='true'] {
    background: var(--_surface);
  }

  :is(button, .table-wrap):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  button.link {
    padding: 0.1rem 0.3rem;
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    font-variant-numeric: tabular-nums;
  }
  button.primary {
    border-color: transparent;
    background: var(--_primary);
    color: #fff;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 0.75rem;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }

  .polls {
    margin-top: 1.25rem;
  }
  .poll {
    padding: 0.75rem 0;
    border-top: 1px solid var(--_surface-hover);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0 0 0.5rem;
    padding: 0;
    list-style: none;
    color: var(--_muted);
  }
  .poll table {
    width: auto;
    min-width: min(100%, 28rem);
  }
  /* Options, names and choices wrap inside the details instead of widening them. */
  .poll th,
  .poll td {
    white-space: normal;
    overflow-wrap: anywhere;
  }
  .poll .number {
    white-space: nowrap;
  }
  .poll table.ballots {
    margin-top: 0.75rem;
  }
`;
