import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, ProtocolError, parseRequest, parseServerFrame, checkRequestData } from '../../src/protocol/index.js';

function refusal(text: string): ProtocolError {
  try {
    parseRequest(text);
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `expected ProtocolError, got ${String(error)}`);
    return error;
  }
  assert.fail('parseRequest() accepted an invalid frame');
}

const hello = { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token: 'x' };

test('parseRequest() accepts a valid hello', () => {
  const request = parseRequest(JSON.stringify({ id: 1, method: 'hello', data: hello }));
  assert.deepEqual(request, { id: 1, method: 'hello', data: hello });
});

test('parseRequest() fills defaults for a method without data', () => {
  assert.deepEqual(parseRequest('{"id":7,"method":"ping"}'), { id: 7, method: 'ping', data: {} });
});

test('parseRequest() rejects malformed JSON with bad_json', () => {
  const error = refusal('{"id":1,');
  assert.equal(error.code, 'bad_json');
  assert.equal(error.requestId, null);
});

test('parseRequest() rejects a non-object frame with bad_request', () => {
  assert.equal(refusal('[1,2,3]').code, 'bad_request');
  assert.equal(refusal('null').code, 'bad_request');
  assert.equal(refusal('"hello"').code, 'bad_request');
});

test('parseRequest() rejects a missing or non-integer id with bad_request', () => {
  assert.equal(refusal('{"method":"ping"}').code, 'bad_request');
  assert.equal(refusal('{"id":"1","method":"ping"}').code, 'bad_request');
  assert.equal(refusal('{"id":1.5,"method":"ping"}').code, 'bad_request');
  assert.equal(refusal('{"id":-1,"method":"ping"}').code, 'bad_request');
});

test('parseRequest() rejects unknown envelope keys with bad_request and keeps the id', () => {
  const error = refusal('{"id":3,"method":"ping","extra":true}');
  assert.equal(error.code, 'bad_request');
  assert.equal(error.requestId, 3);
});

test('parseRequest() rejects an unknown method with unknown_method', () => {
  const error = refusal('{"id":4,"method":"dropTables"}');
  assert.equal(error.code, 'unknown_method');
  assert.equal(error.requestId, 4);
});

test('parseRequest() does not treat inherited object keys as methods', () => {
  assert.equal(refusal('{"id":4,"method":"toString"}').code, 'unknown_method');
  assert.equal(refusal('{"id":4,"method":"__proto__"}').code, 'unknown_method');
});

test('parseRequest() rejects wrong data types with bad_request naming the field', () => {
  const error = refusal(JSON.stringify({ id: 5, method: 'hello', data: { ...hello, protocolVersion: '1' } }));
  assert.equal(error.code, 'bad_request');
  assert.match(error.message, /protocolVersion/);
  assert.equal(error.requestId, 5);
});

test('parseRequest() rejects a meeting id that is not 9 digits', () => {
  for (const meeting of ['12345678', '1234567890', '12345678a', ' 123456789']) {
    const error = refusal(JSON.stringify({ id: 6, method: 'hello', data: { ...hello, meeting } }));
    assert.equal(error.code, 'bad_request', meeting);
  }
});

test('parseRequest() rejects unexpected data keys', () => {
  const error = refusal(JSON.stringify({ id: 8, method: 'hello', data: { ...hello, role: 'host' } }));
  assert.equal(error.code, 'bad_request');
});

test('parseRequest() rejects an oversized method name', () => {
  assert.equal(refusal(JSON.stringify({ id: 9, method: 'x'.repeat(65) })).code, 'bad_request');
});

test('parseServerFrame() accepts responses, errors and notifications', () => {
  assert.deepEqual(parseServerFrame('{"id":1,"ok":true,"data":{}}'), { id: 1, ok: true, data: {} });
  const error = parseServerFrame('{"id":null,"ok":false,"error":{"code":"bad_json","message":"m"}}');
  assert.ok('ok' in error && error.ok === false);
  assert.deepEqual(parseServerFrame('{"notification":"x","data":1}'), { notification: 'x', data: 1 });
});

test('parseServerFrame() rejects an unknown error code', () => {
  assert.throws(
    () => parseServerFrame('{"id":1,"ok":false,"error":{"code":"weird","message":"m"}}'),
    (error: unknown) => error instanceof ProtocolError && error.code === 'bad_request',
  );
});

test('checkRequestData() throws TypeError for data that does not match the schema', () => {
  assert.throws(() => checkRequestData('hello', { ...hello, meeting: 'abc' }), TypeError);
  assert.doesNotThrow(() => checkRequestData('hello', hello));
});
