import { maskPersonalData } from '../../protocol/masking.js';

/** A participant's name as every screen shows it: phone numbers and e-mail addresses masked. */
export function shownName(participant: { readonly displayName: string }): string {
  return maskPersonalData(participant.displayName);
}

/** Shows a nine-digit meeting id in groups of three (`123 456 789`). */
export function formatMeetingId(id: string): string {
  return /^\d{9}$/.test(id) ? `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}` : id;
}
