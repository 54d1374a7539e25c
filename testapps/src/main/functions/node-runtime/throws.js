// Throws from an async handler: the invocation fails with the error document Lambda logs.
exports.handler = async () => {
  throw new TypeError('boom: secret detail that must not reach the caller');
};
