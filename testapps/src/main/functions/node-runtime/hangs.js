// Runs for 10 s, past its function's timeout (or API Gateway's integration timeout).
exports.handler = async () => {
  console.log('starting a long task');
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  return { statusCode: 200, body: 'late' };
};
