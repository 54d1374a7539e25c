// The smallest Lambda proxy function: 200 and a JSON body.
exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ content: "Hello from the Lambda function!" }),
});
