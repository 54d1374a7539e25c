"""
The emulator's runtime client for Python functions: what Lambda's own client (aws-lambda-python-runtime-interface-
client, not installable here) does, against the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API. It follows that client's
awslambdaric/bootstrap.py (handler resolution and the Runtime.* fault types, the error document with errorMessage,
errorType, requestId and stackTrace, the "[ERROR] Type: message" log record with its traceback, the logging format
"[LEVEL]\t<time>\t<request id>\t<message>"), lambda_context.py (the context object) and lambda_runtime_marshaller.py.
It speaks HTTP/1.1 over one kept-alive socket through the interpreter's built-in _socket module: http.client would
add a third to an environment's start, and the socket module (selectors, array, enum) a tenth. bootstrap.py, the
script Python runs, imports this module so that it is byte-compiled once rather than compiled at every start.
"""

import _socket
import json
import os
import sys
import time

_API = "/2018-06-01/runtime"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
_NBSP = "\u00a0"
_GLOBAL_REQUEST_ID = None
# The client's own frames, left out of a function's stack trace as Lambda leaves out its bootstrap's.
_RUNTIME_FILES = ("/bootstrap.py", "/_lambda_runtime_client.py")
_LOGGING_INSTALLED = False
_ASCII_ONLY = os.environ.get("AWS_EXECUTION_ENV") not in {
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
}


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


# ------------------------------------------------------------------ Runtime API


class RuntimeApi(object):
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.address = (host, int(port))
        self.sock = None
        self.buffer = b""

    def _connect(self):
        # The host as bytes: a str would be encoded by the idna codec, whose import costs more than the rest.
        family, kind, proto, _, address = _socket.getaddrinfo(
            self.address[0].encode("ascii"), self.address[1], 0, _socket.SOCK_STREAM)[0]
        sock = _socket.socket(family, kind, proto)
        try:
            sock.connect(address)
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.buffer = b""

    def _close(self):
        self.sock.close()
        self.sock = None
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the Runtime API closed the connection")
        self.buffer += chunk

    def _readline(self):
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line, self.buffer = self.buffer[:end + 1], self.buffer[end + 1:]
                return line
            if len(self.buffer) > 65536:
                raise ConnectionError("the Runtime API sent a header line longer than 64 KiB")
            self._fill()

    def _read(self, length):
        while len(self.buffer) < length:
            self._fill()
        payload, self.buffer = self.buffer[:length], self.buffer[length:]
        return payload

    def call(self, method, path, body=b"", headers=None):
        if self.sock is None:
            self._connect()
        head = "%s %s%s HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: %d\r\n" % (
            method, _API, path, self.address[0], self.address[1], len(body))
        for name, value in (headers or {}).items():
            head += "%s: %s\r\n" % (name, value)
        self.sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        status = int(self._readline().split()[1])
        response_headers = {}
        while True:
            line = self._readline()
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("latin-1").partition(":")
            response_headers[name.strip().lower()] = value.strip()
        length = int(response_headers.get("content-length", "0"))
        payload = self._read(length) if length else b""
        if response_headers.get("connection", "").lower() == "close":
            self._close()
        return status, response_headers, payload

    def next(self):
        status, headers, body = self.call("GET", "/invocation/next")
        if status != 200:
            raise ConnectionError("GET /invocation/next answered %d: %r" % (status, body))
        return headers, body

    def post_result(self, request_id, payload, content_type):
        self.call("POST", "/invocation/%s/response" % request_id, payload, {"Content-Type": content_type})

    def post_error(self, request_id, error):
        self.call("POST", "/invocation/%s/error" % request_id, to_json(error).encode("utf-8"),
                  {"Content-Type": "application/json", _ERROR_TYPE_HEADER: error["errorType"]})

    def post_init_error(self, error):
        self.call("POST", "/init/error", to_json(error).encode("utf-8"),
                  {"Content-Type": "application/json", _ERROR_TYPE_HEADER: error["errorType"]})


# ------------------------------------------------------------------ marshalling


class _Encoder(json.JSONEncoder):
    def default(self, obj):
        import decimal

        if isinstance(obj, decimal.Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def to_json(obj):
    return json.dumps(obj, cls=_Encoder, ensure_ascii=_ASCII_ONLY, allow_nan=True)


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)), None)


# ------------------------------------------------------------------ the handler


def _get_handler(handler):
    import importlib

    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace)
    try:
        return getattr(m, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname), None)


# ------------------------------------------------------------------ errors and logs


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _user_traceback(tb):
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if not frames[i][0].endswith(_RUNTIME_FILES):
            return traceback.format_list(frames[i:])
    return traceback.format_list(frames)


def _indent(line):
    count = len(line) - len(line.lstrip(" "))
    return _NBSP * count + line[count:]


def log_error(error):
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    if error.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for element in error["stackTrace"]:
            if element == "":
                lines.append("")
            else:
                lines.extend(_indent(line) for line in element.splitlines())
    sys.stdout.write("\r".join(lines) + "\n")


def _install_logging():
    """Lambda's root handler and format, installed once the function has imported logging (which it pays for)."""
    global _LOGGING_INSTALLED
    _LOGGING_INSTALLED = True
    import logging

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            sys.stdout.write(self.format(record))

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _GLOBAL_REQUEST_ID or ""
            return True

    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(LambdaLoggerFilter())
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        logging.getLogger().setLevel(level)
    logging.getLogger().addHandler(handler)


class Unbuffered(object):
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


# ------------------------------------------------------------------ the context object


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def _from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field, None))
    return obj


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = _from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _from_dict(Client, self.client_context.client)
        self.identity = _from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta if delta > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def _json_header(value, name):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e)), None)


# ------------------------------------------------------------------ the loop


def handle(api, request_handler, headers, body):
    invoke_id = headers.get("lambda-runtime-aws-request-id")
    error = None
    try:
        context = LambdaContext(
            invoke_id,
            _json_header(headers.get("lambda-runtime-client-context"), "Client Context"),
            _json_header(headers.get("lambda-runtime-cognito-identity"), "Cognito Identity"),
            int(headers.get("lambda-runtime-deadline-ms", "0")),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        if headers.get("content-type", "application/json") == "application/json":
            try:
                event = json.loads(body)
            except Exception as e:
                raise FaultException(
                    FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None)
        else:
            event = body
        payload, content_type = marshal_response(request_handler(event, context))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        error = make_error(str(value), etype.__name__, _user_traceback(tb), invoke_id)
    if error is not None:
        log_error(error)
        api.post_error(invoke_id, error)
    else:
        api.post_result(invoke_id, payload, content_type)


def main():
    global _GLOBAL_REQUEST_ID
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    runtime_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [task_root] + [p for p in sys.path if os.path.abspath(p or ".") != runtime_dir] + [runtime_dir]
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    try:
        request_handler = _get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace)
    except Exception:
        etype, value, tb = sys.exc_info()
        error = make_error(str(value), etype.__name__, _user_traceback(tb))
    else:
        error = None
    if error is not None:
        log_error(error)
        api.post_init_error(error)
        sys.exit(1)
    while True:
        if not _LOGGING_INSTALLED and "logging" in sys.modules:
            _install_logging()
        headers, body = api.next()
        _GLOBAL_REQUEST_ID = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        elif "_X_AMZN_TRACE_ID" in os.environ:
            del os.environ["_X_AMZN_TRACE_ID"]
        handle(api, request_handler, headers, body)
