import { css } from 'lit';

/** The smart recording's view, in the colours of `historyStyles`; added when its chunk arrives. */
export const smartStyles = css`
  .smart section {
    margin-top: 1rem;
  }
  h5 {
    margin: 0.75rem 0 0.25rem;
    font-size: 0.95rem;
  }
  .plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .when {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  button.seek {
    display: flex;
    gap: 0.5rem;
    width: 100%;
    padding: 0.25rem 0.4rem;
    border: none;
    border-radius: 4px;
    background: none;
    text-align: start;
  }
  .lines {
    max-height: 24rem;
    overflow-y: auto;
  }
  .lines:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .lines li {
    border-inline-start: 3px solid transparent;
  }
  .lines li[aria-current] {
    border-inline-start-color: var(--_accent);
    background: var(--_surface);
  }
  .search {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0.5rem 0;
  }
  .search input {
    flex: 1 1 12rem;
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--_surface-hover);
    border-radius: 6px;
    background: var(--_bg);
    color: inherit;
    font: inherit;
  }
  .search input:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 1px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin: 0.5rem 0;
    padding: 0;
    list-style: none;
  }
  .chips li {
    padding: 0.1rem 0.6rem;
    border-radius: 999px;
    background: var(--_surface);
  }
  .speaker {
    padding: 0.5rem 0;
    border-top: 1px solid var(--_surface-hover);
  }
`;
