package dev.gatewaycli.stack;

import dev.gatewaycli.stack.context.GatewayStackProps;
import dev.gatewaycli.stack.context.InvalidContextException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The CDK app. {@code cdk synth|diff|deploy|destroy} run it through cdk.json (the CDK CLI sets {@code CDK_OUTDIR}
 * and {@code CDK_CONTEXT_JSON}); the build runs it through {@link dev.gatewaycli.stack.model.ModelExport}.
 */
public final class GatewayApp {

    /** Makes every asset-backed resource carry {@code Metadata: aws:asset:path}: the emulator finds the jar by it. */
    public static final String ASSET_METADATA = "aws:cdk:enable-asset-metadata";
    /** {@code Metadata: aws:cdk:path} on every resource, as the CDK CLI adds by default, so both syntheses match. */
    public static final String PATH_METADATA = "aws:cdk:enable-path-metadata";

    private GatewayApp() {}

    /** Synthesizes into the directory given as argument, else {@code CDK_OUTDIR}, else {@code cdk.out}. */
    public static void main(String[] args) {
        try {
            App app =
                    newApp(args.length > 0 ? args[0] : System.getenv().getOrDefault("CDK_OUTDIR", "cdk.out"), Map.of());
            newStack(app);
            app.synth();
        } catch (InvalidContextException e) {
            // One line, no stack trace: the message names the context key and what it allows.
            System.err.println("gateway-cli stack: invalid context: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * An app synthesizing into {@code outdir} (a temporary directory when null) with the metadata the emulator reads.
     * {@code context} comes first; the CDK CLI's context ({@code cdk.json}, {@code -c}) overrides it.
     */
    public static App newApp(String outdir, Map<String, Object> context) {
        Map<String, Object> merged = new HashMap<>();
        merged.put(ASSET_METADATA, true);
        merged.put(PATH_METADATA, true);
        merged.putAll(context);
        return new App(AppProps.builder()
                .outdir(outdir)
                .context(merged)
                // No AWS::CDK::Metadata resource: the template stays the same whoever synthesizes it.
                .analyticsReporting(false)
                .build());
    }

    /** The gateway stack, built from the app's context, with cdk-nag's AwsSolutions checks on the whole app. */
    public static GatewayStack newStack(App app) {
        GatewayStack stack = new GatewayStack(app, GatewayStackProps.fromContext(app.getNode()::tryGetContext));
        SecurityChecks.applyTo(app);
        return stack;
    }
}
