// Reports what the function received and what it runs in: the event, the context, its environment, its directories.
const os = require('os');

let invocations = 0;

exports.handler = async (event, context) => {
  invocations++;
  console.log('report handler ran for', event.path);
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'cjs',
      pid: process.pid,
      invocations,
      event: { path: event.path, httpMethod: event.httpMethod, requestId: event.requestContext.requestId },
      context: {
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        memoryLimitInMB: context.memoryLimitInMB,
        awsRequestId: context.awsRequestId,
        invokedFunctionArn: context.invokedFunctionArn,
        logGroupName: context.logGroupName,
        logStreamName: context.logStreamName,
        remaining: context.getRemainingTimeInMillis(),
        callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
      },
      env: process.env,
      cwd: process.cwd(),
      tmpdir: os.tmpdir(),
    }),
  };
};
