import type { PropertyValues, TemplateResult } from 'lit';
import type { MeetingClientApi } from '../../core/meeting-types.js';
import { baseStyles } from '../internal/base.styles.js';
import { CompanionElement } from '../internal/companion.js';
import { LazyViews, lazyStyles } from '../internal/lazy.js';
import { chatHostStyles } from './chat-host.styles.js';
import { CHAT_VIEWS } from './chat-modules.js';
import type { ChatView } from './chat-view.js';

/**
 * The meeting's end-to-end encrypted chat: the messages since this participant joined (own
 * ones set apart, private ones marked), a box to write to everyone or privately to one
 * participant, the lock indicator with the meeting security code, and safety numbers to
 * compare with one participant.
 *
 * The element finds its meeting client as every companion element does (see
 * `CompanionElement`): the `client` property, else the `<we-meeting>` whose id the `for`
 * attribute names, else the `<we-meeting>` it is placed in. It only subscribes to that client
 * (and never closes it); removing the element from the page drops every subscription.
 *
 * Messages are text: they are never parsed as HTML, and only `http:`/`https:` addresses
 * become links (opening in a new tab, without opener or referrer). Names are shown with
 * phone numbers and e-mail addresses masked.
 *
 * Unread count: a message from someone else counts as unread when it arrives while the
 * message list is not on screen (the element or an ancestor hidden, scrolled out of the
 * viewport, or the tab in the background) or while the user is scrolled up away from the
 * latest message. `unreadCount` holds the number and the `unread-count` attribute reflects it
 * while it is not zero; it returns to zero once the list is on screen and at its end.
 *
 * Enter sends, Shift+Enter starts a new line. A message that cannot be sent (too long, sent
 * too quickly, recipient gone, chat not ready) stays in the box with the reason shown.
 *
 * @summary End-to-end encrypted meeting chat.
 * @fires {WeMessageEvent} we-message - A message from someone else arrived and was decrypted (`detail`: the `ChatMessage`).
 * @fires {WeMessageSentEvent} we-message-sent - The user sent a message from this element (`detail`: the `ChatMessage`).
 * @csspart header - The bar with the lock indicator and the Security code button.
 * @csspart lock - The lock indicator ("End-to-end encrypted" or "Setting up encryption…").
 * @csspart verify - The Security code button.
 * @csspart security - The panel with the meeting security code and safety numbers.
 * @csspart security-code - The meeting security code.
 * @csspart show-safety - The Show safety number button.
 * @csspart safety-number - A safety number shared with one participant.
 * @csspart messages - The scrollable message list.
 * @csspart note - The note that chat is end-to-end encrypted and earlier messages are not visible.
 * @csspart empty - The "No messages yet" text.
 * @csspart message - A message (also `own` for the user's own, `private` for a private one).
 * @csspart own - The user's own messages.
 * @csspart private - Private messages.
 * @csspart sender - A message's sender name.
 * @csspart private-tag - "Private to …" on a private message.
 * @csspart text - A message's text.
 * @csspart link - A link in a message.
 * @csspart notice - A message that could not be decrypted.
 * @csspart unread - The "N new messages" button shown while scrolled away from new messages.
 * @csspart composer - The form with the recipient picker, message box and Send button.
 * @csspart status - Why messages cannot be sent right now (joining, setting up encryption).
 * @csspart recipient - The To picker.
 * @csspart input - The message box.
 * @csspart send - The Send button.
 * @csspart counter - Characters left, shown near the length limit.
 * @csspart error - Why a message could not be sent, or a safety number could not be shown.
 * @csspart loading - Shown while the chat's views load, when the element first renders.
 * @csspart load-error - Says the chat's views could not be loaded, above its Try again button.
 * @csspart retry - The Try again button after the chat's views failed to load.
 * @cssprop [--we-chat-background=var(--we-meeting-background)] - Background. Default: dark #111827, light #ffffff.
 * @cssprop [--we-chat-color=var(--we-meeting-color)] - Text colour. Default: dark #f9fafb, light #111827.
 * @cssprop [--we-chat-muted-color=var(--we-meeting-muted-color)] - Times, notes and hints. Default: dark #d1d5db, light #4b5563.
 * @cssprop [--we-chat-surface=var(--we-meeting-surface)] - Others' messages, fields and buttons. Default: dark #1f2937, light #f3f4f6.
 * @cssprop [--we-chat-surface-hover=var(--we-meeting-surface-hover)] - Hovered buttons and borders. Default: dark #374151, light #e5e7eb.
 * @cssprop [--we-chat-border-color=var(--we-meeting-border-color)] - Border of the message box and the To picker. Default: #6b7280 in both themes.
 * @cssprop [--we-chat-accent=var(--we-meeting-accent)] - Focus ring and links. Default: dark #60a5fa, light #1d4ed8.
 * @cssprop [--we-chat-primary=var(--we-meeting-primary)] - The Send and new-messages buttons. Default: #2563eb in both themes.
 * @cssprop --we-chat-own-background - Background of the user's own messages. Default: dark #1e3a8a, light #dbeafe.
 * @cssprop --we-chat-own-color - Text colour of the user's own messages. Default: dark #f9fafb, light #1e3a8a.
 * @cssprop --we-chat-private-color - Border and tag of private messages. Default: dark #fcd34d, light #92400e.
 * @cssprop [--we-chat-error-color=var(--we-meeting-error-color)] - Errors and undecryptable notices. Default: dark #fca5a5, light #b91c1c.
 * @cssprop [--we-chat-padding=0.75rem] - Inner spacing.
 * @cssprop [--we-chat-radius=12px] - Corner radius of the element.
 * @cssprop [--we-chat-bubble-radius=10px] - Corner radius of messages.
 * @cssprop [--we-chat-font=var(--we-meeting-font, system-ui, sans-serif)] - Font family.
 */
export class WeChatElement extends CompanionElement {
  static override styles = [baseStyles, lazyStyles, chatHostStyles];

  /** What the element does and shows, loaded when it first renders (see `chat-view.ts`). */
  readonly #views = new LazyViews(this, CHAT_VIEWS);
  #view: ChatView | undefined;

  /** Messages from others that arrived while the user could not see them (read-only). */
  get unreadCount(): number {
    return this.#view?.unreadCount ?? 0;
  }

  /** Moves focus to the message box. */
  override focus(options?: FocusOptions): void {
    this.#view?.focus(options);
  }

  protected override clientChanged(client: MeetingClientApi | undefined): void {
    this.#view?.bind(client);
  }

  /** Also waits for the views while they load, so that code awaiting this sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    return (await this.#views.settled()) ? super.getUpdateComplete() : complete;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const views = CHAT_VIEWS.value;
    if (views !== undefined && this.#view === undefined) {
      const element = this;
      this.#view = new views.ChatView(this, { get client() { return element.client; }, run: (fn) => element.locale.run(fn) });
    }
  }

  protected override render(): TemplateResult {
    return this.#view?.render() ?? this.#views.render(() => this.#view!.render());
  }
}
