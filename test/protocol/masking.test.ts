import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, maskPersonalData, maskPhone } from '../../src/protocol/index.js';

test('maskPhone() keeps the first three and last four digits of a mobile number', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+8613812345678'), '+861******5678');
  assert.equal(maskPhone('138-1234-5678'), '138****5678');
});

test('maskPhone() leaves short numbers alone', () => {
  assert.equal(maskPhone('12345'), '12345');
});

test('maskEmail() keeps the first character and the domain', () => {
  assert.equal(maskEmail('alice@example.com'), 'a***@example.com');
  assert.equal(maskEmail('a@example.com'), 'a***@example.com');
});

test('maskPersonalData() masks phones and e-mails inside text and leaves the rest', () => {
  assert.equal(maskPersonalData('Alice (alice@example.com)'), 'Alice (a***@example.com)');
  assert.equal(maskPersonalData('call 13812345678 now'), 'call 138****5678 now');
  assert.equal(maskPersonalData('Room 101, floor 3'), 'Room 101, floor 3');
  assert.equal(maskPersonalData('张三 13812345678'), '张三 138****5678');
  assert.equal(maskPersonalData(''), '');
});

test('maskPersonalData() does not mask digits that are part of a word or id', () => {
  assert.equal(maskPersonalData('user1234567890x'), 'user1234567890x');
});
