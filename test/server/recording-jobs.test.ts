// The background queue of work on recordings: one job at a time, a waiting job joined, a
// running one queued again, a job that throws reported without stopping the rest, and abort
// and close stopping the job under way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingJobs } from '../../src/server/recording/recording-jobs.js';

/** A job per call that waits until released (or aborted), recording what ran. */
function gatedJobs() {
  const ran: string[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let most = 0;
  const errors: string[] = [];
  const jobs = new RecordingJobs(
    async (recordingId, signal) => {
      ran.push(recordingId);
      most = Math.max(most, ++running);
      try {
        if (recordingId === 'boom') throw new Error('boom');
        await new Promise<void>((resolve, reject) => {
          gates.push(resolve);
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        });
      } finally {
        running--;
      }
    },
    (recordingId) => errors.push(recordingId),
  );
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { jobs, ran, errors, release, most: () => most };
}

test('one job at a time, in order; asking for a waiting one joins it; asking for the running one queues it again', async () => {
  const { jobs, ran, release, most } = gatedJobs();
  const a = jobs.enqueue('a');
  const b = jobs.enqueue('b');
  assert.equal(jobs.enqueue('b'), b, 'b waits: the same job');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(jobs.current, 'a');
  const again = jobs.enqueue('a');
  assert.notEqual(again, a, 'a runs: queued again');
  await release();
  await a;
  await release();
  await b;
  await release();
  await again;
  assert.deepEqual(ran, ['a', 'b', 'a']);
  assert.equal(most(), 1);
  assert.equal(jobs.current, undefined);
});

test('a job that throws is reported and the queue goes on; abort stops the running job; close stops all', async () => {
  const { jobs, ran, errors } = gatedJobs();
  const boom = jobs.enqueue('boom');
  const c = jobs.enqueue('c');
  await boom;
  assert.deepEqual(errors, ['boom']);
  await new Promise((resolve) => setImmediate(resolve));
  await jobs.abort('other');
  assert.equal(jobs.current, 'c', 'aborting another recording changes nothing');
  await jobs.abort('c', new Error('restarted'));
  await c;
  assert.deepEqual(errors, ['boom', 'c']);
  const d = jobs.enqueue('d');
  const e = jobs.enqueue('e');
  await new Promise((resolve) => setImmediate(resolve));
  await jobs.close();
  await Promise.all([d, e]);
  assert.deepEqual(ran, ['boom', 'c', 'd'], 'e never ran');
  await jobs.enqueue('f');
  assert.deepEqual(ran, ['boom', 'c', 'd'], 'nothing runs once closed');
});
