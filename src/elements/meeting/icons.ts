import { svg, type SVGTemplateResult } from 'lit';

/**
 * Inline icons for the meeting UI: 24×24, stroked with `currentColor`, hidden from assistive
 * technology (every button carries its own accessible name).
 */
function icon(content: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg class="icon" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${content}</svg>`;
}

/** The diagonal stroke of a switched-off icon. */
const slash = svg`<path d="M3 3l18 18" />`;

const micBody = svg`<rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3M8 21h8" />`;

export const micIcon = icon(micBody);

export const micOffIcon = icon(svg`${micBody}${slash}`);

const cameraBody = svg`<rect x="2" y="6" width="13" height="12" rx="2" /><path d="M15 10l7-4v12l-7-4z" />`;

export const cameraIcon = icon(cameraBody);

export const cameraOffIcon = icon(svg`${cameraBody}${slash}`);

const screenBody = svg`<rect x="2" y="4" width="20" height="13" rx="2" /><path d="M8 21h8M12 17v4" />`;

export const screenShareIcon = icon(svg`${screenBody}<path d="M12 14V8M9 11l3-3 3 3" />`);

export const stopShareIcon = icon(svg`${screenBody}<path d="M9.5 8l5 5M14.5 8l-5 5" />`);

export const leaveIcon = icon(svg`<path d="M10 17l-5-5 5-5M5 12h11M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" />`);

export const gridIcon = icon(
  svg`<rect x="3" y="3" width="7" height="7" rx="1" /><rect x="14" y="3" width="7" height="7" rx="1" />
    <rect x="3" y="14" width="7" height="7" rx="1" /><rect x="14" y="14" width="7" height="7" rx="1" />`,
);

export const speakerViewIcon = icon(
  svg`<rect x="3" y="3" width="18" height="12" rx="1" /><rect x="3" y="17" width="5" height="4" rx="1" />
    <rect x="9.5" y="17" width="5" height="4" rx="1" /><rect x="16" y="17" width="5" height="4" rx="1" />`,
);

export const settingsIcon = icon(
  svg`<path d="M4 6h10M18 6h2M4 12h2M10 12h10M4 18h10M18 18h2" />
    <circle cx="16" cy="6" r="2" /><circle cx="8" cy="12" r="2" /><circle cx="16" cy="18" r="2" />`,
);

export const handIcon = icon(
  svg`<path d="M7 12V6.5a1.5 1.5 0 0 1 3 0V11M10 10.5V4.5a1.5 1.5 0 0 1 3 0v6M13 10.5V5.5a1.5 1.5 0 0 1 3 0v5.5" />
    <path d="M16 11.5V9a1.5 1.5 0 0 1 3 0v5a7 7 0 0 1-7 7h-.5a6 6 0 0 1-4.8-2.4L3.6 14.4a1.5 1.5 0 0 1 2.3-1.9L7 14" />`,
);

const ring = svg`<circle cx="12" cy="12" r="9" />`;

export const reactionIcon = icon(svg`${ring}<path d="M8 14a4.5 4.5 0 0 0 8 0M9 9.5h.01M15 9.5h.01" />`);

export const moreIcon = icon(
  svg`<circle cx="12" cy="5" r="1" /><circle cx="12" cy="12" r="1" /><circle cx="12" cy="19" r="1" />`,
);

const lockBody = svg`<rect x="4" y="11" width="16" height="10" rx="2" />`;

export const lockIcon = icon(svg`${lockBody}<path d="M8 11V7a4 4 0 0 1 8 0v4" />`);

export const unlockIcon = icon(svg`${lockBody}<path d="M8 11V7a4 4 0 0 1 7.5-2" />`);

export const endMeetingIcon = icon(svg`${ring}<path d="M9 9l6 6M15 9l-6 6" />`);

export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />`);

export const pollIcon = icon(svg`<path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />`);

export const recordIcon = icon(svg`${ring}<circle cx="12" cy="12" r="4" fill="currentColor" />`);
