import { createContext } from '@lit/context';
import type { MeetingClientApi } from '../../core/meeting-types.js';

/** The meeting client `<we-meeting>` provides to the elements inside it. */
export const meetingClientContext = createContext<MeetingClientApi | undefined>(Symbol.for('we-meeting.client'));
