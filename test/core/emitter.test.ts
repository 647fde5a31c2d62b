import { expect } from '@open-wc/testing';
import { TypedEmitter } from '../../src/core/index.js';

class Probe extends TypedEmitter<{ ping: [n: number] }> {
  emit(n: number) {
    this.safeEmit('ping', n);
  }
}

describe('TypedEmitter', () => {
  it('safeEmit() keeps calling listeners after one throws and reports the error', () => {
    const probe = new Probe();
    const seen: number[] = [];
    const reported: unknown[] = [];
    probe.onListenerError = (_event, error) => reported.push(error);
    probe.on('ping', () => {
      throw new Error('boom');
    });
    probe.on('ping', (n) => seen.push(n));
    probe.emit(1);
    expect(seen).to.deep.equal([1]);
    expect(reported.length).to.equal(1);
  });

  it('once() listens a single time and on() returns a remover', () => {
    const probe = new Probe();
    const seen: number[] = [];
    probe.once('ping', (n) => seen.push(n));
    const off = probe.on('ping', (n) => seen.push(n * 10));
    probe.emit(1);
    off();
    probe.emit(2);
    expect(seen).to.deep.equal([1, 10]);
  });
});
