/**
 * WE Meeting for React: `WeMeeting`, `WeChat`, `WePoll` and `WeHistory` components with typed
 * props and `on*` event props, for React 18 and later. React 19 can also render the elements
 * directly (`<we-meeting onwe-join={…}>`); {@link WeIntrinsicElements} types that use.
 *
 * Importing this module registers the elements (like `we-meeting/elements.js`).
 */
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import './elements/define-all.js';
import { WeMeetingElement } from './elements/meeting/meeting-element.js';
import { WeChatElement } from './elements/chat/chat-element.js';
import { WePollElement } from './elements/poll/poll-element.js';
import { WeHistoryElement } from './elements/history/history-element.js';
import { WeExportEvent } from './elements/history/export-event.js';
import {
  WeErrorEvent,
  WeJoinEvent,
  WeLeaveEvent,
  WeMessageEvent,
  WeMessageSentEvent,
  WeParticipantJoinEvent,
  WeParticipantLeaveEvent,
  WePollCloseEvent,
  WePollOpenEvent,
  WeRecordingConsentEvent,
  WeRecordingStateEvent,
  WeStateChangeEvent,
  WeTokenExpiringEvent,
  WeVoteEvent,
} from './elements/internal/events/index.js';

/** The properties of `<we-meeting>` a React app sets (`state` is read-only: read it from a ref or `onStateChange`). */
export type WeMeetingProps = Partial<
  Pick<
    WeMeetingElement,
    'server' | 'meeting' | 'token' | 'tokenProvider' | 'displayName' | 'noVideo' | 'noAudio' | 'autojoin' | 'reactionDuration' | 'client'
  >
>;
/** The properties of `<we-chat>`. */
export type WeChatProps = Partial<Pick<WeChatElement, 'for' | 'client'>>;
/** The properties of `<we-poll>`. */
export type WePollProps = Partial<Pick<WePollElement, 'for' | 'client'>>;
/** The properties of `<we-history>`. */
export type WeHistoryProps = Partial<Pick<WeHistoryElement, 'server' | 'token' | 'pageSize' | 'fetch'>>;

/** The events of `<we-meeting>` by name. */
export interface WeMeetingEventMap {
  'we-state-change': WeStateChangeEvent;
  'we-join': WeJoinEvent;
  'we-leave': WeLeaveEvent;
  'we-error': WeErrorEvent;
  'we-participant-join': WeParticipantJoinEvent;
  'we-participant-leave': WeParticipantLeaveEvent;
  'we-token-expiring': WeTokenExpiringEvent;
  'we-recording-state': WeRecordingStateEvent;
  'we-recording-consent': WeRecordingConsentEvent;
}
/** The events of `<we-chat>` by name. */
export interface WeChatEventMap {
  'we-message': WeMessageEvent;
  'we-message-sent': WeMessageSentEvent;
}
/** The events of `<we-poll>` by name. */
export interface WePollEventMap {
  'we-poll-open': WePollOpenEvent;
  'we-poll-close': WePollCloseEvent;
  'we-vote': WeVoteEvent;
}
/** The events of `<we-history>` by name. */
export interface WeHistoryEventMap {
  'we-export': WeExportEvent;
}

function eventName<E extends Event>(event: { readonly eventName: string; prototype: E }): EventName<E> {
  return event.eventName as EventName<E>;
}

const meetingEvents = {
  onStateChange: eventName(WeStateChangeEvent),
  onJoin: eventName(WeJoinEvent),
  onLeave: eventName(WeLeaveEvent),
  onError: eventName(WeErrorEvent),
  onParticipantJoin: eventName(WeParticipantJoinEvent),
  onParticipantLeave: eventName(WeParticipantLeaveEvent),
  onTokenExpiring: eventName(WeTokenExpiringEvent),
  onRecordingState: eventName(WeRecordingStateEvent),
  onRecordingConsent: eventName(WeRecordingConsentEvent),
};
const chatEvents = {
  onMessage: eventName(WeMessageEvent),
  onMessageSent: eventName(WeMessageSentEvent),
};
const pollEvents = {
  onPollOpen: eventName(WePollOpenEvent),
  onPollClose: eventName(WePollCloseEvent),
  onVote: eventName(WeVoteEvent),
};
const historyEvents = {
  onExport: eventName(WeExportEvent),
};

/** Event props (`onJoin`) for an events mapping (`{ onJoin: 'we-join' }`). */
type EventProps<E> = { [K in keyof E]?: E[K] extends EventName<infer T> ? (event: T) => void : never };

/**
 * A React component wrapping the custom element `I`: its properties `P`, its events as
 * `on*` props `E`, the usual HTML attributes, and a ref to the element.
 */
export type WeComponent<I extends HTMLElement, P, E> = React.ForwardRefExoticComponent<
  Omit<React.HTMLAttributes<I>, keyof P | keyof E> & P & EventProps<E> & React.RefAttributes<I>
>;

/**
 * `<we-meeting>` as a React component. Events: `onStateChange`, `onJoin`, `onLeave`,
 * `onError`, `onParticipantJoin`, `onParticipantLeave` (each handler gets the event class).
 */
export const WeMeeting: WeComponent<WeMeetingElement, WeMeetingProps, typeof meetingEvents> = createComponent({
  react: React,
  tagName: 'we-meeting',
  elementClass: WeMeetingElement,
  events: meetingEvents,
  displayName: 'WeMeeting',
});

/** `<we-chat>` as a React component. Events: `onMessage`, `onMessageSent`. */
export const WeChat: WeComponent<WeChatElement, WeChatProps, typeof chatEvents> = createComponent({
  react: React,
  tagName: 'we-chat',
  elementClass: WeChatElement,
  events: chatEvents,
  displayName: 'WeChat',
});

/** `<we-poll>` as a React component. Events: `onPollOpen`, `onPollClose`, `onVote`. */
export const WePoll: WeComponent<WePollElement, WePollProps, typeof pollEvents> = createComponent({
  react: React,
  tagName: 'we-poll',
  elementClass: WePollElement,
  events: pollEvents,
  displayName: 'WePoll',
});

/** `<we-history>` as a React component. Events: `onExport`. */
export const WeHistory: WeComponent<WeHistoryElement, WeHistoryProps, typeof historyEvents> = createComponent({
  react: React,
  tagName: 'we-history',
  elementClass: WeHistoryElement,
  events: historyEvents,
  displayName: 'WeHistory',
});

/** `onwe-join`-style props: how React 19 listens to a custom element's events. */
type NativeEventProps<M> = { [K in keyof M & string as `on${K}`]?: (event: M[K]) => void };

/** The JSX props of a WE element rendered directly by React 19. */
export type WeElementJsxProps<I extends HTMLElement, P, M> = React.DetailedHTMLProps<React.HTMLAttributes<I>, I> &
  P &
  NativeEventProps<M>;

/**
 * The WE elements as JSX intrinsic elements for React 19, which sets their properties and
 * listens to `on<event-name>` props itself. Add them to React's JSX namespace once in your app:
 *
 * ```ts
 * import type { WeIntrinsicElements } from 'we-meeting/react';
 * declare module 'react' {
 *   namespace JSX {
 *     interface IntrinsicElements extends WeIntrinsicElements {}
 *   }
 * }
 * ```
 */
export interface WeIntrinsicElements {
  'we-meeting': WeElementJsxProps<WeMeetingElement, WeMeetingProps, WeMeetingEventMap>;
  'we-chat': WeElementJsxProps<WeChatElement, WeChatProps, WeChatEventMap>;
  'we-poll': WeElementJsxProps<WePollElement, WePollProps, WePollEventMap>;
  'we-history': WeElementJsxProps<WeHistoryElement, WeHistoryProps, WeHistoryEventMap>;
}
