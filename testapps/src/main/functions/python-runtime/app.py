"""Reports what the function received and what it runs in: the event, the context, its environment, its directories."""
import json
import logging
import os
import tempfile

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    logger.info("report handler ran for %s", event["path"])
    print("printed by the handler")
    return {
        "statusCode": 200,
        "body": json.dumps({
            "kind": "python",
            "pid": os.getpid(),
            "path": event["path"],
            "context": {
                "function_name": context.function_name,
                "function_version": context.function_version,
                "memory_limit_in_mb": context.memory_limit_in_mb,
                "aws_request_id": context.aws_request_id,
                "invoked_function_arn": context.invoked_function_arn,
                "log_group_name": context.log_group_name,
                "log_stream_name": context.log_stream_name,
                "remaining": context.get_remaining_time_in_millis(),
            },
            "env": dict(os.environ),
            "cwd": os.getcwd(),
            "tmpdir": tempfile.gettempdir(),
        }),
    }


def fails(event, context):
    raise ValueError("boom: secret detail that must not reach the caller")
