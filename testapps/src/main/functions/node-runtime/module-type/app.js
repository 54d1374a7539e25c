// A .js file that is an ES module because its package.json says "type": "module"; the handler is a nested export.
export const handlers = {
  get: async (event) => ({ statusCode: 200, body: JSON.stringify({ kind: 'type-module', path: event.path }) }),
};
