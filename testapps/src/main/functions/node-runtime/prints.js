// Writes to the console and to stdout/stderr directly: each line belongs in the function's log.
exports.handler = async () => {
  console.log('console log line');
  console.error('console error line');
  console.log('first\nsecond');
  process.stdout.write('raw stdout line\n');
  process.stderr.write('raw stderr line\n');
  return { statusCode: 200, body: 'printed' };
};
