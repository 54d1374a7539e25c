// An ES module handler (.mjs): what it was asked and that it ran as a module.
export const handler = async (event, context) => ({
  statusCode: 200,
  body: JSON.stringify({ kind: 'esm', path: event.path, awsRequestId: context.awsRequestId, meta: typeof import.meta.url }),
});
