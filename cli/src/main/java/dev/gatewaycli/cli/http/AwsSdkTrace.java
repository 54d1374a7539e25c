package dev.gatewaycli.cli.http;

import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@code -v} for AWS SDK calls: each request line with its operation, and the answer's status. Never a body (an
 * {@code InitiateAuth} body carries a password, a {@code DescribeUserPoolClient} answer a secret) and never a
 * signature.
 */
public final class AwsSdkTrace implements ExecutionInterceptor {

    private final Consumer<String> trace;

    public AwsSdkTrace(Consumer<String> trace) {
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        String target = request.firstMatchingHeader("X-Amz-Target")
                .map((t) -> " (" + t + ")")
                .orElse("");
        String signed = request.firstMatchingHeader("Authorization").isPresent()
                ? " [signed with SigV4; Authorization ****]"
                : " [unsigned]";
        trace.accept("> " + request.method() + " " + request.getUri() + target + signed);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        trace.accept("< " + context.httpResponse().statusCode());
    }
}
