import type { MediaAccessError } from '../../core/media/media-errors.js';
import { MEETING_ID_PATTERN } from '../../core/constants.js';
import { maskPersonalData } from '../../core/masking.js';
import { msg, str } from '../internal/localize.js';

/** A participant's name as every screen shows it: phone numbers and e-mail addresses masked. */
export function shownName(participant: { readonly displayName: string }): string {
  return maskPersonalData(participant.displayName);
}

/** Shows a nine-digit meeting id in groups of three (`123 456 789`). */
export function formatMeetingId(id: string): string {
  return MEETING_ID_PATTERN.test(id) ? `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}` : id;
}

/** Why a microphone, camera or screen cannot be used, in words (lowercase: it starts a sentence part). */
export function describeMediaIssue(issue: MediaAccessError): string {
  const what =
    issue.kind === 'audio'
      ? msg('microphone', { id: 'meeting.media.microphone' })
      : issue.kind === 'video'
        ? msg('camera', { id: 'meeting.media.camera' })
        : msg('screen', { id: 'meeting.media.screen' });
  switch (issue.reason) {
    case 'denied':
      return msg(str`permission to use the ${what} was denied`, { id: 'meeting.media.denied' });
    case 'not-found':
      return msg(str`no ${what} was found`, { id: 'meeting.media.not-found' });
    case 'in-use':
      return msg(str`the ${what} is in use by another application`, { id: 'meeting.media.in-use' });
    case 'unsupported':
      return msg(str`this browser cannot capture the ${what}`, { id: 'meeting.media.unsupported' });
    case 'timeout':
      return msg(str`no ${what} was chosen in time`, { id: 'meeting.media.timeout' });
    default:
      return msg(str`the ${what} could not be opened`, { id: 'meeting.media.failed' });
  }
}
