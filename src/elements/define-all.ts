/** Registers every WE Meeting element. Import this once for its side effect. */
import './meeting/we-meeting.js';
import './history/we-history.js';
import './chat/we-chat.js';
import './poll/we-poll.js';
import './sign-in/we-sign-in.js';
