import { css } from 'lit';

/** The pre-join's consent checkboxes and Recent meetings list. */
export const prejoinPrivacyStyles = css`
  .consent {
    display: grid;
    gap: 0.5rem;
  }
  .consent-item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--_primary);
  }
  .policy-link {
    color: var(--_accent);
  }
  .recent summary {
    cursor: pointer;
    color: var(--_muted);
  }
  .recent-list {
    margin: 0.5rem 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.25rem;
  }
  .recent-meeting {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 0;
    border-radius: 6px;
    background: var(--_surface);
    text-align: start;
  }
  .recent-meeting:hover {
    background: var(--_surface-hover);
  }
  .recent-id {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .recent-time {
    color: var(--_muted);
    margin-inline-start: auto;
  }
  .clear-history {
    padding: 0.35rem 0.9rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: transparent;
  }
`;
