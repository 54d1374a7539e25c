package dev.gatewaycli.stack.model;

import dev.gatewaycli.stack.GatewayApp;
import dev.gatewaycli.stack.GatewayStack;
import dev.gatewaycli.stack.context.GatewayStackProps;
import dev.gatewaycli.stack.context.InvalidContextException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cloud_assembly_schema.ArtifactType;
import software.amazon.awscdk.cloud_assembly_schema.FileAsset;
import software.amazon.awscdk.cxapi.AssetManifestArtifact;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * Build-time synthesis (exec-maven-plugin, {@code prepare-package}): synthesizes the stack into a clean cloud assembly
 * and gathers what the emulator reads into {@code <modelDir>/gateway-model/}, which becomes the {@code model} jar.
 * Entries: {@code manifest.json}, {@code <Stack>.template.json}, {@code <Stack>.assets.json}, every file asset
 * ({@code asset.<hash>.jar}, the function's code), and {@code index.txt} naming them one per line, because the
 * entries of a directory inside a jar on the classpath cannot be listed.
 */
public final class ModelExport {

    /** The folder inside the model jar, hence the classpath resource prefix. */
    public static final String MODEL_FOLDER = "gateway-model";

    public static final String INDEX = "index.txt";
    public static final String MANIFEST = "manifest.json";

    private ModelExport() {}

    /** Arguments: the handler jar, the cloud assembly directory, the model directory. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ModelExport <handler jar> <cdk.out directory> <model directory>");
            System.exit(2);
        }
        try {
            List<String> files = export(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
            System.out.println("gateway-cli stack: synthesized " + files + " into " + Path.of(args[2], MODEL_FOLDER));
        } catch (InvalidContextException e) {
            System.err.println("gateway-cli stack: invalid context: " + e.getMessage());
            System.exit(2);
        } catch (SynthesisFailedException e) {
            System.err.println("gateway-cli stack: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Synthesizes into {@code cdkOut} and writes the model into {@code modelDir}/{@value #MODEL_FOLDER}. Only the
     * files the stack's artifact names are exported, so whatever else {@code cdkOut} holds stays out of the model;
     * the build empties both directories before (maven-clean-plugin, stack/pom.xml), so the model jar holds nothing
     * else either. Returns the exported file names, in index order.
     */
    public static List<String> export(Path handlerJar, Path cdkOut, Path modelDir) {
        App app = GatewayApp.newApp(cdkOut.toString(), Map.of(GatewayStackProps.HANDLER_JAR, handlerJar.toString()));
        GatewayStack stack = GatewayApp.newStack(app);
        CloudAssembly assembly = app.synth();
        CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
        failOnErrors(artifact);

        Set<String> names = new LinkedHashSet<>();
        names.add(MANIFEST);
        names.add(artifact.getTemplateFile());
        if (artifact.getManifest().getAdditionalMetadataFile() != null) {
            names.add(artifact.getManifest().getAdditionalMetadataFile());
        }
        for (CloudArtifact dependency : artifact.getDependencies()) {
            if (dependency.getManifest().getType() == ArtifactType.ASSET_MANIFEST) {
                // jsii hands dependencies over as plain CloudArtifact proxies: rebuild the typed artifact to read it.
                AssetManifestArtifact assets =
                        new AssetManifestArtifact(assembly, dependency.getId(), dependency.getManifest());
                names.add(Path.of(assets.getFile()).getFileName().toString());
                Map<String, FileAsset> files = assets.getContents().getFiles();
                if (files != null) {
                    files.values().forEach(file -> names.add(file.getSource().getPath()));
                }
            }
        }

        Path target = modelDir.resolve(MODEL_FOLDER);
        List<String> exported = new ArrayList<>(names);
        try {
            Files.createDirectories(target);
            for (String name : exported) {
                Path source = Path.of(assembly.getDirectory()).resolve(name);
                if (!Files.isRegularFile(source)) {
                    throw new SynthesisFailedException("the cloud assembly lacks " + source
                            + " (a directory asset? the function's code must be a jar file)");
                }
                Files.copy(source, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(target.resolve(INDEX), exported);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model into " + target, e);
        }
        return exported;
    }

    /**
     * The CDK CLI refuses an assembly with error annotations; this build does the same (cdk-nag reports errors).
     * SynthesisMessage is deprecated with the whole cx-api, whose successor has no Java binding yet.
     */
    @SuppressWarnings("deprecation")
    private static void failOnErrors(CloudFormationStackArtifact artifact) {
        List<String> errors = new ArrayList<>();
        for (SynthesisMessage message : artifact.getMessages()) {
            if (message.getLevel() == SynthesisMessageLevel.ERROR) {
                errors.add(message.getId() + ": "
                        + String.valueOf(message.getEntry().getData()).strip());
            }
        }
        if (!errors.isEmpty()) {
            throw new SynthesisFailedException(
                    "synthesis reported " + errors.size() + " error(s): " + String.join(" | ", errors));
        }
    }

    /** The synthesized assembly is not fit to export; the message says why, on one line. */
    static final class SynthesisFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SynthesisFailedException(String message) {
            super(message);
        }
    }
}
