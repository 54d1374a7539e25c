// A callback handler: the response goes out once the event loop is empty (callbackWaitsForEmptyEventLoop), so the
// header the timer adds after the callback is in it.
exports.handler = (event, context, callback) => {
  const response = { statusCode: 200, headers: {}, body: JSON.stringify({ kind: 'callback' }) };
  setTimeout(() => {
    response.headers['X-After-Empty-Loop'] = 'yes';
  }, 50);
  callback(null, response);
};
