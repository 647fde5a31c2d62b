import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeBook, KeyedLimit } from '../../src/server/sign-in/code-book.js';
import { IdentifierError, normalizeIdentifier, subjectOf } from '../../src/server/sign-in/identifier.js';

const KEY = new Uint8Array(32).fill(7);

function clock(start = 1_000_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

test('codeBook.issue() makes six-digit codes and check() accepts the right one once', () => {
  const { now } = clock();
  const book = new CodeBook(KEY, { now });
  const code = book.issue('s1');
  assert.match(code, /^\d{6}$/);
  assert.equal(book.check('s1', code), 'ok');
  assert.equal(book.check('s1', code), 'invalid');
});

test('codeBook.check() refuses a code after five minutes', () => {
  const { time, now } = clock();
  const book = new CodeBook(KEY, { now });
  const code = book.issue('s1');
  time.now += 5 * 60_000;
  assert.equal(book.check('s1', code), 'expired');
  assert.equal(book.check('s1', code), 'invalid');
});

test('codeBook.check() burns a code after five wrong entries', () => {
  const { now } = clock();
  const book = new CodeBook(KEY, { now });
  const code = book.issue('s1');
  for (let i = 0; i < 5; i++) assert.equal(book.check('s1', wrongCode(code)), 'invalid');
  assert.equal(book.check('s1', code), 'too_many_attempts');
});

test('codeBook.check() ties a code to its subject', () => {
  const book = new CodeBook(KEY, { now: clock().now });
  const code = book.issue('s1');
  book.issue('s2');
  assert.equal(book.check('s2', code) === 'ok' && code !== '', false);
});

test('codeBook.retryAfterMs() asks for 60 s between two codes', () => {
  const { time, now } = clock();
  const book = new CodeBook(KEY, { now });
  assert.equal(book.retryAfterMs('s1'), 0);
  book.issue('s1');
  assert.equal(book.retryAfterMs('s1'), 60_000);
  time.now += 60_000;
  assert.equal(book.retryAfterMs('s1'), 0);
});

test('keyedLimit.take() counts per key within the window', () => {
  const { time, now } = clock();
  const limit = new KeyedLimit(2, 1000, now);
  assert.equal(limit.take('a'), 0);
  assert.equal(limit.take('a'), 0);
  assert.equal(limit.take('a'), 1000);
  assert.equal(limit.take('b'), 0);
  time.now += 1000;
  assert.equal(limit.take('a'), 0);
});

test('normalizeIdentifier() gives E.164 and lower case, masked; subjects do not depend on how it was typed', () => {
  const phone = normalizeIdentifier('phone', '138 1234 5678', 'CN');
  assert.deepEqual(phone, { channel: 'phone', address: '+8613812345678', masked: '138****5678' });
  assert.equal(subjectOf(KEY, phone), subjectOf(KEY, normalizeIdentifier('phone', '+86-138-1234-5678')));
  const email = normalizeIdentifier('email', ' A.Person@Example.COM ');
  assert.deepEqual(email, { channel: 'email', address: 'a.person@example.com', masked: 'a***@example.com' });
  assert.ok(!subjectOf(KEY, email).includes('example'));
  assert.notEqual(subjectOf(KEY, email), subjectOf(new Uint8Array(32), email));
  assert.throws(() => normalizeIdentifier('phone', '12345'), IdentifierError);
  assert.throws(() => normalizeIdentifier('email', 'a@b'), IdentifierError);
  assert.throws(() => normalizeIdentifier('email', 'x <y@example.com>'), IdentifierError);
});
