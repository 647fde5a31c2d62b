// The protocol's constants and limits that the elements show or enforce, re-exported from
// where each is defined once (src/protocol), since elements import only from core. A leaf
// module: no schema comes along with it.
export { REACTIONS } from '../protocol/constants.js';
export {
  MAX_CHAT_TEXT_LENGTH,
  MAX_POLL_OPTION_LENGTH,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION_LENGTH,
  MEETING_ID_PATTERN,
  MIN_POLL_OPTIONS,
  chatTextLength,
} from '../protocol/limits.js';
