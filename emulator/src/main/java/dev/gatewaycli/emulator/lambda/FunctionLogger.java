package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * {@code context.getLogger()}: each line the function logs goes to the emulator's log, prefixed with the request id as
 * CloudWatch shows the lines of one invocation.
 */
final class FunctionLogger implements LambdaLogger {

    private final Logger log;
    private final String requestId;

    FunctionLogger(Logger log, String requestId) {
        this.log = log;
        this.requestId = requestId;
    }

    @Override
    public void log(String message) {
        log(message, LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
    }

    @Override
    public void log(String message, LogLevel level) {
        String line = requestId + "\t" + (message == null ? "null" : message.stripTrailing());
        switch (level) {
            case ERROR, FATAL -> log.error(line);
            case WARN -> log.warn(line);
            case DEBUG -> log.debug(line);
            case TRACE -> log.trace(line);
            default -> log.info(line);
        }
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }
}
