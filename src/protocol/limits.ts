// Every limit the protocol sets, once: the schemas, the browser core, the elements and the
// server's store import them from here. Plain constants, apart from the schemas, so that a
// browser module needing one (a form's `maxlength`) does not take the schemas along.
// Text lengths count UTF-16 code units (what `maxlength` and `String.length` count), except
// chat text, which counts characters (see `chatTextLength`).

/** Largest frame, in bytes, the reference server accepts by default. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

/** Longest method or notification name. */
export const MAX_NAME_LENGTH = 64;

/** A meeting id: nine digits, stored and sent without grouping. */
export const MEETING_ID_PATTERN = /^\d{9}$/;

/** Longest id the server hands out or accepts: participants, polls, transports, producers, consumers. */
export const MAX_ID_LENGTH = 64;

/** Longest token, in characters. */
export const MAX_TOKEN_LENGTH = 8192;

/** Longest meeting topic, in characters. */
export const MAX_TOPIC_LENGTH = 200;

/** Fewest options a poll may have. */
export const MIN_POLL_OPTIONS = 2;

/** Most options a poll may have. */
export const MAX_POLL_OPTIONS = 10;

/** Longest poll question, in characters. */
export const MAX_POLL_QUESTION_LENGTH = 500;

/** Longest poll option, in characters. */
export const MAX_POLL_OPTION_LENGTH = 200;

/** Longest chat message, in characters as {@link chatTextLength} counts them. */
export const MAX_CHAT_TEXT_LENGTH = 3000;

/**
 * Largest encrypted chat payload, in base64url characters. It holds the longest message of the
 * widest characters (3000 × 4 bytes of UTF-8) with the frame's 114 bytes of header, tag and
 * signature: 16,152 characters.
 */
export const MAX_CHAT_PAYLOAD_CHARS = 16 * 1024;

/** Most meetings one page of the records lists. */
export const MAX_MEETINGS_PAGE = 100;

/** Most entries one read of the audit log returns. */
export const MAX_AUDIT_PAGE = 500;

/**
 * How long chat text is, as its limit counts it and as people count it: in characters
 * (Unicode code points), so `你好` and `😀😀` are two each, whatever their size in bytes.
 */
export function chatTextLength(text: string): number {
  let length = 0;
  for (const _character of text) length++;
  return length;
}

/** Digits in a sign-in code. */
export const SIGN_IN_CODE_LENGTH = 6;

/** Longest phone number or e-mail address a sign-in accepts, in characters. */
export const MAX_SIGN_IN_IDENTIFIER_LENGTH = 254;

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME_LENGTH = 100;
