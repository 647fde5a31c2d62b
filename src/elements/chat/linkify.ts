/** A run of a chat message: plain text, or an http(s) address that may become a link. */
export type TextSegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

// Candidates start with an http or https scheme and run to the next whitespace or a character
// that cannot appear in an address unescaped. Everything else stays text: no other scheme,
// and no bare `www.` names, can ever become a link.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/giu;
// Punctuation that usually ends the sentence around an address rather than the address.
const TRAILING = /[.,;:!?*'"’”)\]}>]+$/u;
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Splits `text` into text and link segments. Only absolute `http:` and `https:` addresses
 * with a host become links; `href` is the parsed, normalised address and `text` the
 * characters as written. Concatenating every segment's `text` gives back `text`.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const written = trimTrailing(match[0]);
    const href = httpHref(written);
    if (href === undefined) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: written, href });
    last = start + written.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The normalised address when `candidate` is an absolute http(s) URL with a host. */
export function httpHref(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  return url.href;
}

/**
 * Drops sentence punctuation after an address, keeping closing brackets that close one opened
 * inside it (`https://en.wikipedia.org/wiki/Mercury_(planet)`).
 */
function trimTrailing(candidate: string): string {
  let result = candidate;
  for (;;) {
    const tail = TRAILING.exec(result);
    if (tail === null) return result;
    // Give back one character at a time so a balanced closing bracket can stay.
    const last = result.at(-1)!;
    const opening = CLOSING[last];
    if (opening !== undefined && count(result, opening) >= count(result, last)) return result;
    result = result.slice(0, -1);
  }
}

function count(text: string, character: string): number {
  let total = 0;
  for (const each of text) if (each === character) total++;
  return total;
}
