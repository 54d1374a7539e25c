// Exits in the middle of an invocation when asked to (?exit=yes); answers otherwise.
exports.handler = async (event) => {
  if ((event.queryStringParameters || {}).exit === 'yes') {
    console.log('exiting now');
    process.exit(3);
  }
  return { statusCode: 200, body: JSON.stringify({ kind: 'exits', pid: process.pid }) };
};
