/**
 * A slice of the fuzzer (test/fuzz/fuzz.ts) in every test run: mutations of real files reach every
 * parser and fail only with Cp2ijError. The whole run, with its time and memory report, is `npm run fuzz`.
 */
import test from 'ava';
import { fuzz } from './fuzz/fuzz.js';

test('fuzzing slice: 25,000 mutations of real files over every parser raise only Cp2ijError', async (t) => {
  const report = await fuzz(7, 25_000);
  t.deepEqual(report.failures.slice(0, 10), []);
  t.is(report.cases, 25_000);
  t.true(report.rejected > report.cases / 10, `${report.rejected} of ${report.cases} rejected`);
});
