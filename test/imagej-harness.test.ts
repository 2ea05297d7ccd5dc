import test from 'ava';
import { runImageJ, ImageJError } from './helpers/imagej.js';

test('runs a macro in real ImageJ and returns what it printed, with its argument', async (t) => {
  const r = await runImageJ('print("v=" + getVersion()); print("arg=" + getArgument()); print(1+2);', 'hello world');
  t.log(r.lines[0]);
  t.regex(r.lines[0]!, /^v=1\.5\d[a-z]?\d*$/);
  t.is(r.lines[1], 'arg=hello world');
  t.is(r.lines[2], '3');
});

test('a macro that hangs on a modal dialog is killed at the time limit', async (t) => {
  await t.throwsAsync(runImageJ('waitForUser("nobody will click this");', '', { timeoutMs: 4000 }), { instanceOf: ImageJError, message: /did not finish/ });
});
