// Writes to the console and to stdout/stderr directly: each line belongs in the function's log. The last is printed
// after the handler returned, from setImmediate: the runtime asks for its next invocation after it, so it is part of
// this invocation too.
exports.handler = async () => {
  setImmediate(() => console.log('line printed after the answer'));
  console.log('console log line');
  console.error('console error line');
  console.log('first\nsecond');
  process.stdout.write('raw stdout line\n');
  process.stderr.write('raw stderr line\n');
  return { statusCode: 200, body: 'printed' };
};
