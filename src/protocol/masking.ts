/**
 * Masking of personal data for display, shared by every element (and usable server-side):
 * phone numbers keep their first three and last four digits (`138****5678`), e-mail
 * addresses their first character and domain (`a***@example.com`). Everything else in the
 * text is left as it is.
 */

const EMAIL = /([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
// 7–15 digits, optionally with a leading + and spaces or dashes between groups.
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[ -]?\d){6,14}(?![\p{L}\p{N}])/gu;

/** Masks one phone number: keeps the first three and last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  const keepStart = digits.length >= 11 ? 3 : 2;
  const prefix = phone.trim().startsWith('+') ? '+' : '';
  return `${prefix}${digits.slice(0, keepStart)}${'*'.repeat(digits.length - keepStart - 4)}${digits.slice(-4)}`;
}

/** Masks one e-mail address: keeps its first character and its domain. */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}

/** Masks every phone number and e-mail address inside `text`. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`).replace(PHONE, maskPhone);
}
