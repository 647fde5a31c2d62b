import { html } from 'lit';
import '../src/elements/define-all.js';

/** `<we-meeting>` in each state it can show without a server. */
export default {
  title: 'Elements/we-meeting',
  component: 'we-meeting',
};

export const Idle = {
  render: () => html`<we-meeting></we-meeting>`,
};

export const WithMeetingId = {
  render: () => html`<we-meeting meeting="123456789"></we-meeting>`,
};

export const Failed = {
  render: () => html`<we-meeting server="ws://127.0.0.1:9/ws" meeting="123456789" token="expired"></we-meeting>`,
};
