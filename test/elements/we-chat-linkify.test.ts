import { expect } from '@open-wc/testing';
import { httpHref, linkify, type TextSegment } from '../../src/elements/chat/linkify.js';

function links(text: string): string[] {
  return linkify(text)
    .filter((segment): segment is Extract<TextSegment, { kind: 'link' }> => segment.kind === 'link')
    .map((segment) => segment.text);
}

describe('linkify()', () => {
  it('returns plain text as one text segment, and nothing for empty text', () => {
    expect(linkify('just words')).to.deep.equal([{ kind: 'text', text: 'just words' }]);
    expect(linkify('')).to.deep.equal([]);
  });

  it('splits around http and https addresses, keeping every character', () => {
    const text = 'see https://example.com/a?b=1#c and http://example.org now';
    const segments = linkify(text);
    expect(segments).to.deep.equal([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://example.org', href: 'http://example.org/' },
      { kind: 'text', text: ' now' },
    ]);
    expect(segments.map((segment) => segment.text).join('')).to.equal(text);
  });

  it('accepts the scheme in any case and normalises href', () => {
    expect(linkify('HTTPS://Example.COM/Path')).to.deep.equal([{ kind: 'link', text: 'HTTPS://Example.COM/Path', href: 'https://example.com/Path' }]);
  });

  it('leaves sentence punctuation after an address out of the link', () => {
    expect(links('Go to https://example.com.')).to.deep.equal(['https://example.com']);
    expect(links('(see https://example.com/x), then')).to.deep.equal(['https://example.com/x']);
    expect(links('“https://example.com/q?”')).to.deep.equal(['https://example.com/q']);
  });

  it('keeps a closing bracket that closes one opened inside the address', () => {
    expect(links('https://en.wikipedia.org/wiki/Mercury_(planet) is a page')).to.deep.equal(['https://en.wikipedia.org/wiki/Mercury_(planet)']);
    expect(links('(https://en.wikipedia.org/wiki/Mercury_(planet))')).to.deep.equal(['https://en.wikipedia.org/wiki/Mercury_(planet)']);
  });

  it('never links other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'ftp://example.com',
      'mailto:a@example.com',
      'www.example.com',
      '//example.com/path',
    ]) {
      expect(links(text), text).to.deep.equal([]);
    }
  });

  it('does not link an address glued to a word, or one without a host', () => {
    expect(links('xhttps://example.com')).to.deep.equal([]);
    expect(links('https://')).to.deep.equal([]);
  });

  it('stops at markup and quotes so they stay text', () => {
    const segments = linkify('<a href="https://evil.example/">x</a>');
    expect(segments.filter((segment) => segment.kind === 'link')).to.deep.equal([
      { kind: 'link', text: 'https://evil.example/', href: 'https://evil.example/' },
    ]);
    expect(links('https://example.com/<img src=x onerror=alert(1)>')).to.deep.equal(['https://example.com/']);
  });

  it('links only the http part after another scheme', () => {
    expect(linkify('javascript:https://example.com')).to.deep.equal([
      { kind: 'text', text: 'javascript:' },
      { kind: 'link', text: 'https://example.com', href: 'https://example.com/' },
    ]);
  });
});

describe('httpHref()', () => {
  it('returns the normalised address of an absolute http(s) URL', () => {
    expect(httpHref('https://example.com')).to.equal('https://example.com/');
    expect(httpHref('http://user@example.com:8080/a b')).to.equal('http://user@example.com:8080/a%20b');
  });

  it('returns undefined for anything else', () => {
    expect(httpHref('javascript:alert(1)')).to.equal(undefined);
    expect(httpHref('not a url')).to.equal(undefined);
    expect(httpHref('/relative')).to.equal(undefined);
  });
});
