// The emulator's runtime client for Node.js functions: what Lambda's own client (aws-lambda-nodejs-runtime-interface-
// client, not installable here) does, against the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API.
// It follows that client's src/UserFunction.js (handler resolution: CommonJS .js/.cjs, ES modules .mjs or "type":
// "module", a nested export path), src/Runtime.js and src/CallbackContext.js (async handlers, callback handlers with
// callbackWaitsForEmptyEventLoop, context.succeed/fail/done), src/InvokeContext.js (the context object),
// src/Errors.js (error documents and Runtime.* error types) and src/LogPatch.js (console lines
// "<time>\t<request id>\t<LEVEL>\t<message>" with a line break inside a message written as \r).

import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const API = '/2018-06-01/runtime';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

// ------------------------------------------------------------------ errors (Errors.js)

class RuntimeError extends Error {}
const errorClass = (name) => {
  const c = class extends RuntimeError {};
  c.prototype.name = `Runtime.${name}`;
  return c;
};
const ImportModuleError = errorClass('ImportModuleError');
const HandlerNotFound = errorClass('HandlerNotFound');
const MalformedHandlerName = errorClass('MalformedHandlerName');
const UserCodeSyntaxError = errorClass('UserCodeSyntaxError');
const MalformedStreamingHandler = errorClass('MalformedStreamingHandler');
class NodeJsExit extends RuntimeError {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
NodeJsExit.prototype.name = 'Runtime.NodeJsExit';
class UnhandledPromiseRejection extends RuntimeError {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';

const isError = (e) =>
  e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string';

/** The error document the Runtime API receives: errorType, errorMessage, trace. */
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isError(error)) {
      return {
        errorType: error.name?.replaceAll('\x7F', '%7F'),
        errorMessage: error.message?.replaceAll('\x7F', '%7F'),
        trace: error.stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** The error as the log shows it: a tab, then JSON with errorType, errorMessage, code, own fields and stack. */
function toFormatted(error) {
  const withFields = (_k, v) => {
    if (v instanceof Error) {
      const out = Object.assign({ errorType: v.name, errorMessage: v.message, code: v.code }, v);
      if (typeof v.stack === 'string') out.stack = v.stack.split('\n');
      return out;
    }
    return v;
  };
  try {
    return '\t' + JSON.stringify(error, withFields);
  } catch (_) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

const intoError = (e) => (e instanceof Error ? e : new Error(e));

// ------------------------------------------------------------------ logging (LogPatch.js)

let currentRequestId;

function patchConsole() {
  const levels = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
  const minimum = levels[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? levels.TRACE;
  const writer = (level) =>
    levels[level] >= minimum
      ? (message, ...params) => {
          const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}`;
          process.stdout.write(line.replace(/\n/g, '\r') + '\n');
        }
      : () => {};
  console.trace = writer('TRACE');
  console.debug = writer('DEBUG');
  console.info = writer('INFO');
  console.log = console.info;
  console.warn = writer('WARN');
  console.error = writer('ERROR');
  console.fatal = writer('FATAL');
}

const logError = (message, error) => console.error(message, toFormatted(intoError(error)));

// ------------------------------------------------------------------ Runtime API (RAPIDClient.js)

// HTTP/1.1 on one kept-alive socket, by hand: the Runtime API's answers are small and always carry Content-Length, and
// Node's http client costs more per request than the rest of an invocation of a small function. Calls are written
// without waiting for the previous answer (pipelined, answered in order): the next /next follows an invocation's
// response at once, and the Runtime API reads both in one go. The socket is ref'd only while an answer is awaited, so
// that an idle connection never keeps the event loop (callbackWaitsForEmptyEventLoop) alive.
let socket = null;
const pending = []; // { resolve, reject }, in the order the calls were written
let buffer = Buffer.alloc(0);

function connect() {
  socket = net.connect({ host: HOST, port: Number(PORT), noDelay: true });
  socket.on('data', (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (pending.length > 0 && parse());
  });
  const fail = (error) => {
    socket = null;
    buffer = Buffer.alloc(0);
    const waiting = pending.splice(0);
    for (const p of waiting) p.reject(error || new Error('the Runtime API closed the connection'));
  };
  socket.on('error', fail);
  socket.on('close', () => fail());
}

/** Takes one complete answer off the buffer for the oldest call; false when there is none yet. */
function parse() {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = buffer.toString('latin1', 0, end).split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < head.length; i++) {
    const colon = head[i].indexOf(':');
    if (colon > 0) headers[head[i].substring(0, colon).trim().toLowerCase()] = head[i].substring(colon + 1).trim();
  }
  const length = Number(headers['content-length'] || 0);
  if (buffer.length < end + 4 + length) return false;
  const body = buffer.subarray(end + 4, end + 4 + length);
  buffer = buffer.subarray(end + 4 + length);
  const p = pending.shift();
  if (pending.length === 0) socket?.unref();
  if (headers.connection === 'close' && socket) {
    socket.destroy();
    socket = null;
  }
  p.resolve({ status, headers, body });
  return true;
}

// One write per call: the head and a JSON body as one string, encoded once by the socket (no Buffer copies).
function call(method, pathname, text, headers) {
  return new Promise((resolve, reject) => {
    if (!socket) connect();
    pending.push({ resolve, reject });
    socket.ref();
    let head = `${method} ${API}${pathname} HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n`;
    if (text === undefined) {
      socket.write(head + 'Content-Length: 0\r\n\r\n', 'latin1');
      return;
    }
    head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text, 'utf8')}\r\n`;
    if (headers) for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    socket.write(head + '\r\n' + text, 'utf8');
  });
}

function post(pathname, value, headers) {
  let text;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch (_) {
    throw new Error('Unable to stringify response body');
  }
  // JSON.stringify gives undefined for a function or a symbol: sent as an empty body.
  return call('POST', pathname, text === undefined ? '' : text, headers);
}

const postResponse = (id, result) => post(`/invocation/${encodeURIComponent(id)}/response`, result);
const postError = (id, error) => {
  const doc = toRapidResponse(error);
  return post(`/invocation/${encodeURIComponent(id)}/error`, doc, { [ERROR_TYPE_HEADER]: doc.errorType });
};
const postInitError = (error) => {
  const doc = toRapidResponse(error);
  return post('/init/error', doc, { [ERROR_TYPE_HEADER]: doc.errorType });
};

// ------------------------------------------------------------------ the handler (UserFunction.js)

function hasTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj)).type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  if (folder === '/') return false;
  return hasTypeModule(path.resolve(folder, '..'));
}

const tryRequire = (file) => (fs.existsSync(file) ? require(file) : undefined);
const tryImport = async (file) => (fs.existsSync(file) ? await import(pathToFileURL(file).href) : undefined);

async function loadModule(appRoot, moduleRoot, module) {
  const file = path.resolve(appRoot, moduleRoot, module);
  const extensionless = tryRequire(file);
  if (extensionless) return extensionless;
  const typeModule = fs.existsSync(file + '.js') && hasTypeModule(path.dirname(file + '.js'));
  if (!typeModule) {
    const cjs = tryRequire(file + '.js');
    if (cjs) return cjs;
  }
  const loaded =
    (typeModule && (await tryImport(file + '.js'))) || (await tryImport(file + '.mjs')) || tryRequire(file + '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, module, handlerPath] = match;
  globalThis.awslambda = {
    streamifyResponse: (handler) => {
      handler[STREAMING] = 'response';
      return handler;
    },
  };
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split('.').reduce((o, key) => o && o[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  if (handler[STREAMING]) {
    throw new MalformedStreamingHandler('Response streaming is not emulated (API Gateway REST APIs do not stream).');
  }
  return handler;
}

// ------------------------------------------------------------------ the invoke loop (Runtime.js, CallbackContext.js)

const BEFORE_EXIT = Symbol.for('aws.lambda.beforeExit');
const noop = () => {};
globalThis[BEFORE_EXIT] = noop;
const setBeforeExit = (listener) => (globalThis[BEFORE_EXIT] = listener);

let errorCallbacks = {
  uncaughtException: (error) => postInitError(error).finally(() => process.exit(129)),
  unhandledRejection: (error) => postInitError(error).finally(() => process.exit(128)),
};

function run(handler, isAsync) {
  const scheduleNext = () => setImmediate(() => once().catch(fatal));
  // An invocation's answer goes out with the /next that follows it, in one write, from setImmediate as Lambda's client
  // asks for its next invocation (so what the handler left for setImmediate runs first). A lost connection fails that
  // /next too, which is fatal; a result that cannot be stringified throws here, as before.
  const answered = (post) => {
    const corked = socket;
    corked?.cork();
    try {
      post().catch(noop);
    } catch (e) {
      corked?.uncork();
      throw e;
    }
    setImmediate(() => {
      const next = once();
      corked?.uncork();
      next.catch(fatal);
    });
  };

  async function once() {
    const next = await call('GET', '/invocation/next');
    const headers = next.headers;
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    if (headers['lambda-runtime-trace-id']) {
      process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    } else {
      delete process.env._X_AMZN_TRACE_ID;
    }
    errorCallbacks = {
      uncaughtException: (error) => postError(id, error).finally(() => process.exit(129)),
      unhandledRejection: (error) => postError(id, error).finally(() => process.exit(128)),
    };

    let finished = false;
    let completed = false;
    let waitForEmptyEventLoop = true;
    const complete = (result) => {
      if (completed) {
        console.error(
          'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
        );
        return;
      }
      completed = true;
      answered(() => postResponse(id, result));
    };
    const fail = (error) => {
      logError('Invoke Error', error);
      answered(() => postError(id, error));
    };
    const onlyFirst = (f) =>
      function (...args) {
        if (!finished) {
          finished = true;
          f(...args);
        }
      };
    const callback = onlyFirst((error, result) => {
      setBeforeExit(noop);
      if (error !== undefined && error !== null) {
        fail(error);
      } else if (!waitForEmptyEventLoop) {
        complete(result);
      } else {
        setBeforeExit(() => setImmediate(() => complete(result)));
      }
    });
    const done = onlyFirst((error, result) => {
      setBeforeExit(noop);
      if (error !== undefined && error !== null) fail(error);
      else complete(result);
    });
    const deadline = Number(headers['lambda-runtime-deadline-ms']);
    const parse = (value, name) => {
      if (value === undefined) return undefined;
      try {
        return JSON.parse(value);
      } catch (e) {
        throw new Error(`Cannot parse ${name} as json: ${e.toString()}`);
      }
    };
    const context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed: (result) => done(null, result),
      fail: (error) => done(error === undefined || error === null ? 'handled' : error, null),
      done,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
      awsRequestId: id,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    setBeforeExit(() => {
      completed = true;
      if (isAsync) {
        const error = new NodeJsExit();
        logError('Invoke Error', error);
        answered(() => postError(id, error));
      } else {
        answered(() => postResponse(id, null));
      }
    });
    try {
      context.clientContext = parse(headers['lambda-runtime-client-context'], 'ClientContext');
      context.identity = parse(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity');
      const result = handler(JSON.parse(next.body.toString('utf8')), context, callback);
      if (result && typeof result.then === 'function') {
        result.then(context.succeed, context.fail).catch(context.fail);
      }
    } catch (error) {
      callback(error);
    }
  }

  scheduleNext();
}

function fatal(error) {
  console.log(`Unexpected Top Level Error: ${error && error.toString()}`);
  errorCallbacks.uncaughtException(error);
}

// ------------------------------------------------------------------ start (index.mjs)

patchConsole();
process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  errorCallbacks.uncaughtException(error);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  errorCallbacks.unhandledRejection(error);
});
process.on('beforeExit', () => globalThis[BEFORE_EXIT]());

const handler = await loadHandler(process.env.LAMBDA_TASK_ROOT || process.cwd(), process.env._HANDLER || '');
const isAsync = handler.constructor && handler.constructor.name === 'AsyncFunction';
if (
  process.env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined &&
  handler.length === 3 &&
  !isAsync
) {
  console.warn(
    'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.',
  );
}
run(handler, isAsync);
