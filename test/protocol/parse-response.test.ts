import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, ProtocolError, parseResponse } from '../../src/protocol/index.js';

const keys = { identityKey: 'A'.repeat(43), agreementKey: 'B'.repeat(43), signature: 'C'.repeat(86) };
const welcome = {
  protocolVersion: PROTOCOL_VERSION,
  serverVersion: 'test',
  meeting: '123456789',
  topic: null,
  self: { id: 'me', displayName: 'Me', role: 'participant' },
  participants: [{ id: 'bob', displayName: 'Bob', role: 'host', tracks: [], handRaised: false, keys }],
  expiresAt: null,
};

function refusal(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `expected ProtocolError, got ${String(error)}`);
    return error;
  }
  assert.fail('parseResponse() accepted invalid data');
}

test('parseResponse() returns a hello answer that matches the schema', () => {
  assert.deepEqual(parseResponse('hello', welcome), welcome);
});

test('parseResponse() rejects a roster entry with a malformed identity key, naming method and field', () => {
  const bad = { ...welcome, participants: [{ ...welcome.participants[0], keys: { ...keys, identityKey: 'short' } }] };
  const error = refusal(() => parseResponse('hello', bad));
  assert.equal(error.code, 'bad_request');
  assert.match(error.message, /"hello"/);
  assert.match(error.message, /participants\.0\.keys\.identityKey/);
});

test('parseResponse() rejects unknown members and wrong types', () => {
  assert.match(refusal(() => parseResponse('renewToken', { expiresAt: 1, extra: true })).message, /renewToken/);
  assert.match(refusal(() => parseResponse('ping', { serverTime: '12' })).message, /serverTime/);
});

test('parseResponse() gives an empty answer its default', () => {
  assert.deepEqual(parseResponse('raiseHand', undefined), {});
});
