package dev.gatewaycli.testapps;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Build-time synthesis of every {@link TestApp} (exec-maven-plugin, {@code prepare-package}), each into its
 * {@code <outdir>/<name>/} cloud assembly (assets are named by content hash, so one left from an earlier build is
 * never read), with the context the CDK CLI gives an app on {@code cdk synth} (asset and
 * path metadata on), so that the assemblies are what a user's {@code cdk synth} writes.
 */
public final class SynthesizeAll {

    /** Every app the tests load; add new ones here. */
    static final List<TestApp> APPS = List.of(
            new NodeHelloApp(),
            new RuntimesApp(),
            new MultiStackApp(),
            new FeaturesApp(),
            new TwoApisApp(),
            new PeopleApp());

    private SynthesizeAll() {}

    /** Arguments: the functions' source directory, the handler jar, the Java functions' asset, the output directory. */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: SynthesizeAll <functions dir> <handler jar> <java functions dir> <output dir>");
            System.exit(2);
        }
        Path javaFunctions = Path.of(args[2]).toAbsolutePath();
        JavaFunctionsAsset.write(javaFunctions);
        TestApp.Sources sources = new TestApp.Sources(
                Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), javaFunctions);
        Path outdir = Path.of(args[3]).toAbsolutePath();
        for (TestApp testApp : APPS) {
            Path target = outdir.resolve(testApp.name());
            App app = new App(AppProps.builder()
                    .outdir(target.toString())
                    // What the CDK CLI passes to every app it synthesizes.
                    .context(Map.of("aws:cdk:enable-asset-metadata", true, "aws:cdk:enable-path-metadata", true))
                    .analyticsReporting(false)
                    .build());
            testApp.define(app, sources);
            app.synth();
            System.out.println("gateway-cli testapps: synthesized " + testApp.name() + " into " + target);
        }
    }
}
