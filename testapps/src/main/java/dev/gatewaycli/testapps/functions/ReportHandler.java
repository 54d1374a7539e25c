package dev.gatewaycli.testapps.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports, one {@code key=value} per line, what the function received (through the runtime's serialization of an API
 * Gateway event) and what it runs in: its Context, its environment variables ({@code env.NAME}), its JVM (home,
 * specification version, options, heap) and temporary directory.
 */
public final class ReportHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final long STARTED = System.nanoTime();
    private int invocations;

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        invocations++;
        System.out.println("java report handler ran for " + event.getPath());
        context.getLogger().log("logged through the context's logger");
        Map<String, String> report = new TreeMap<>();
        report.put("path", event.getPath());
        report.put("awsRequestId", context.getAwsRequestId());
        report.put("functionName", context.getFunctionName());
        report.put("functionVersion", context.getFunctionVersion());
        report.put("memory", Integer.toString(context.getMemoryLimitInMB()));
        report.put("remaining", Integer.toString(context.getRemainingTimeInMillis()));
        report.put("arn", context.getInvokedFunctionArn());
        report.put("logGroup", context.getLogGroupName());
        report.put("logStream", context.getLogStreamName());
        report.put("pid", Long.toString(ProcessHandle.current().pid()));
        report.put("invocations", Integer.toString(invocations));
        report.put("tmpdir", System.getProperty("java.io.tmpdir"));
        report.put("userDir", System.getProperty("user.dir"));
        report.put("javaHome", System.getProperty("java.home"));
        report.put("javaSpecificationVersion", System.getProperty("java.specification.version"));
        report.put("maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
        report.put(
                "jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        report.put("uptimeNanos", Long.toString(System.nanoTime() - STARTED));
        System.getenv().forEach((k, v) -> report.put("env." + k, v));
        StringBuilder body = new StringBuilder();
        report.forEach((k, v) ->
                body.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(body.toString());
    }
}
