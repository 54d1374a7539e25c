package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.TlsTrust;
import dev.gatewaycli.cli.http.AwsSdkTrace;
import dev.gatewaycli.cli.http.BoundedResponses;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS calls the CLI makes besides the CDK CLI's own. The life cycle: {@code sts:GetCallerIdentity} (are there
 * working credentials?), {@code cloudformation:DescribeStacks} (the outputs, when the CDK's outputs file lacks them)
 * and {@code cognito-idp:DescribeUserPoolClient} (the app client's secret, which no output carries). {@code configure}
 * adds {@code cloudformation:ListStackResources}, {@code cognito-idp:DescribeUserPool}, {@code ListUserPools} and
 * {@code ListUserPoolClients}, and may send the Cognito calls to an endpoint of their own (an emulator).
 *
 * <p>Credentials and Region follow the SDK's default chains, read from the environment the CLI was given (so that
 * the child CDK CLI and these calls agree, and tests can inject both): {@code --aws-profile}, else
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}[/{@code AWS_SESSION_TOKEN}], else {@code AWS_PROFILE},
 * else the SDK's default chain (SSO, web identity, container and instance roles). The HTTP client is the JDK's
 * {@code HttpURLConnection}: three calls do not need a connection pool.
 */
public final class AwsSession implements AutoCloseable {

    /** The CDK CLI's own fallback when nothing names a Region; STS answers in every Region. */
    static final String FALLBACK_REGION = "us-east-1";

    /** The largest page the Cognito list calls allow. */
    private static final int PAGE = 60;

    /** A bound on what a list call reads, however many pages an answer claims to have. */
    static final int MAX_LISTED = 1000;

    private static final String DEPLOY_IT_FIRST =
            "deploy it first (gateway-cli deploy), or check --region, --aws-profile and -c stackName";

    private final HostSystem host;

    private final String optionProfile;

    private final String awsProfile;

    private final String region;

    private final URI endpoint;

    /** Where the Cognito IdP API calls go, when not where {@link #endpoint} sends every call. */
    private final URI cognitoEndpoint;

    private final Consumer<String> trace;

    private final ProfileFile profileFile;

    private final SdkHttpClient http;

    private AwsCredentialsProvider credentials;

    public AwsSession(HostSystem host, AwsOptions options, Consumer<String> trace) {
        this(host, options.awsProfile(), options.region(), options.endpointUrl(), null, TlsTrust.DEFAULT, trace);
    }

    /**
     * A session for {@code configure}: the SDK's chains with an explicit AWS profile and Region (each may be null),
     * the Cognito IdP API at {@code cognitoEndpoint} when given (e.g. an emulator), everything else where AWS (or
     * {@code GATEWAY_AWS_ENDPOINT}) says.
     */
    public static AwsSession forConfigure(
            HostSystem host, String awsProfile, String region, URI cognitoEndpoint, Consumer<String> trace) {
        return new AwsSession(host, awsProfile, region, null, cognitoEndpoint, TlsTrust.DEFAULT, trace);
    }

    /** {@link #forConfigure(HostSystem, String, String, URI, Consumer)} trusting {@code trust}'s CAs for HTTPS. */
    public static AwsSession forConfigure(
            HostSystem host,
            String awsProfile,
            String region,
            URI cognitoEndpoint,
            TlsTrust trust,
            Consumer<String> trace) {
        return new AwsSession(host, awsProfile, region, null, cognitoEndpoint, trust, trace);
    }

    private AwsSession(
            HostSystem host,
            String awsProfileOption,
            String regionOption,
            URI endpointOption,
            URI cognitoEndpoint,
            TlsTrust trust,
            Consumer<String> trace) {
        this.host = host;
        this.trace = trace;
        this.profileFile = profileFile(host);
        this.optionProfile = awsProfileOption;
        this.awsProfile = Optional.ofNullable(awsProfileOption)
                .or(() -> host.getenv("AWS_PROFILE"))
                .orElse(null);
        this.region = Optional.ofNullable(regionOption)
                .or(() -> host.getenv("AWS_REGION"))
                .or(() -> host.getenv("AWS_DEFAULT_REGION"))
                .or(() -> profileFile
                        .profile(Optional.ofNullable(awsProfile).orElse("default"))
                        .flatMap((p) -> p.property("region")))
                .orElse(null);
        this.endpoint = Optional.ofNullable(endpointOption)
                .or(() -> host.getenv(AwsOptions.ENV_ENDPOINT).map(URI::create))
                .orElse(null);
        this.cognitoEndpoint = cognitoEndpoint;
        UrlConnectionHttpClient.Builder client = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30));
        if (!trust.isDefault()) {
            client.tlsTrustManagersProvider(trust::trustManagers);
        }
        this.http = client.build();
    }

    /** The Region named by option, environment or AWS profile, or null (the CDK CLI then uses us-east-1). */
    public String region() {
        return region;
    }

    /** {@code sts:GetCallerIdentity}: fails with exit 6 when there are no working credentials. */
    public GetCallerIdentityResponse callerIdentity() {
        AwsCredentialsProvider provider = credentials();
        try (StsClient sts = configure(StsClient.builder(), regionOr(null), endpoint)
                .credentialsProvider(provider)
                .build()) {
            return sts.getCallerIdentity();
        } catch (SdkException ex) {
            throw AwsErrors.map(ex, "sts:GetCallerIdentity", "the AWS credentials");
        }
    }

    /** {@code cloudformation:DescribeStacks}: the stack's outputs by key. */
    public Map<String, String> stackOutputs(String stackName, String stackRegion) {
        return stackOutputs(stackName, stackRegion, DEPLOY_IT_FIRST);
    }

    /**
     * {@code cloudformation:DescribeStacks}: the stack's outputs by key.
     *
     * @param missingHint what to do when the stack does not exist
     */
    public Map<String, String> stackOutputs(String stackName, String stackRegion, String missingHint) {
        String in = regionOr(stackRegion);
        try (CloudFormationClient cloudFormation = cloudFormation(in)) {
            var stacks =
                    cloudFormation.describeStacks((r) -> r.stackName(stackName)).stacks();
            Map<String, String> outputs = new LinkedHashMap<>();
            if (!stacks.isEmpty()) {
                for (Output output : stacks.get(0).outputs()) {
                    outputs.put(output.outputKey(), output.outputValue());
                }
            }
            return outputs;
        } catch (SdkException ex) {
            throw AwsErrors.map(ex, "cloudformation:DescribeStacks", "stack " + stackName + " in " + in, missingHint);
        }
    }

    /**
     * {@code cloudformation:ListStackResources}: every resource of the stack (not of its nested stacks), at most
     * {@link #MAX_LISTED} of them.
     */
    public List<StackResourceSummary> stackResources(String stackName, String stackRegion, String missingHint) {
        String in = regionOr(stackRegion);
        try (CloudFormationClient cloudFormation = cloudFormation(in)) {
            return cloudFormation
                    .listStackResourcesPaginator((r) -> r.stackName(stackName))
                    .stackResourceSummaries()
                    .stream()
                    .limit(MAX_LISTED)
                    .toList();
        } catch (SdkException ex) {
            throw AwsErrors.map(
                    ex, "cloudformation:ListStackResources", "stack " + stackName + " in " + in, missingHint);
        }
    }

    /** {@code cognito-idp:DescribeUserPoolClient}: the app client's secret (never printed). */
    public String clientSecret(String userPoolId, String clientId, String poolRegion) {
        String secret = userPoolClient(
                        userPoolId,
                        clientId,
                        poolRegion,
                        "was the stack deleted or replaced? Run gateway-cli deploy again")
                .clientSecret();
        if (secret == null || secret.isEmpty()) {
            throw new ExitException(
                    ExitCodes.FAILED,
                    "app client " + clientId + " of user pool " + userPoolId
                            + " has no secret: the stack must create it with generateSecret (stack/README.md)");
        }
        return secret;
    }

    /**
     * {@code cognito-idp:DescribeUserPoolClient}: the app client whole, its secret (never printed), scopes, flows
     * and token validity.
     */
    public UserPoolClientType userPoolClient(
            String userPoolId, String clientId, String poolRegion, String missingHint) {
        String in = regionOr(poolRegion);
        try (CognitoIdentityProviderClient cognito = cognito(in)) {
            return cognito.describeUserPoolClient(
                            (r) -> r.userPoolId(userPoolId).clientId(clientId))
                    .userPoolClient();
        } catch (SdkException ex) {
            throw AwsErrors.map(
                    ex,
                    "cognito-idp:DescribeUserPoolClient",
                    "app client " + clientId + " of user pool " + userPoolId,
                    missingHint);
        }
    }

    /** {@code cognito-idp:DescribeUserPool}: the pool, with its domain. */
    public UserPoolType userPool(String userPoolId, String poolRegion, String missingHint) {
        String in = regionOr(poolRegion);
        try (CognitoIdentityProviderClient cognito = cognito(in)) {
            return cognito.describeUserPool((r) -> r.userPoolId(userPoolId)).userPool();
        } catch (SdkException ex) {
            throw AwsErrors.map(ex, "cognito-idp:DescribeUserPool", "user pool " + userPoolId, missingHint);
        }
    }

    /** {@code cognito-idp:ListUserPools}: the pools of the Region, at most {@link #MAX_LISTED}. */
    public List<UserPoolDescriptionType> userPools(String poolRegion) {
        String in = regionOr(poolRegion);
        try (CognitoIdentityProviderClient cognito = cognito(in)) {
            return cognito.listUserPoolsPaginator((r) -> r.maxResults(PAGE)).userPools().stream()
                    .limit(MAX_LISTED)
                    .toList();
        } catch (SdkException ex) {
            throw AwsErrors.map(ex, "cognito-idp:ListUserPools", "the user pools in " + in, "check --region");
        }
    }

    /** {@code cognito-idp:ListUserPoolClients}: the app clients of a pool, at most {@link #MAX_LISTED}. */
    public List<UserPoolClientDescription> userPoolClients(String userPoolId, String poolRegion, String missingHint) {
        String in = regionOr(poolRegion);
        try (CognitoIdentityProviderClient cognito = cognito(in)) {
            return cognito
                    .listUserPoolClientsPaginator(
                            (r) -> r.userPoolId(userPoolId).maxResults(PAGE))
                    .userPoolClients()
                    .stream()
                    .limit(MAX_LISTED)
                    .toList();
        } catch (SdkException ex) {
            throw AwsErrors.map(
                    ex, "cognito-idp:ListUserPoolClients", "the app clients of user pool " + userPoolId, missingHint);
        }
    }

    /** Where the Cognito IdP API calls go when not to AWS: the endpoint given for them, else the one for every call. */
    public Optional<URI> cognitoEndpoint() {
        return Optional.ofNullable((cognitoEndpoint != null) ? cognitoEndpoint : endpoint);
    }

    /** {@code preferred} when set, else the session's Region, else the CDK's fallback. */
    public String regionOr(String preferred) {
        if (preferred != null && !preferred.isBlank()) {
            return preferred;
        }
        return (region != null) ? region : FALLBACK_REGION;
    }

    private CloudFormationClient cloudFormation(String in) {
        return configure(CloudFormationClient.builder(), in, endpoint)
                .credentialsProvider(credentials())
                .build();
    }

    private CognitoIdentityProviderClient cognito(String in) {
        return configure(
                        CognitoIdentityProviderClient.builder(),
                        in,
                        cognitoEndpoint().orElse(null))
                .credentialsProvider(credentials())
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String in, URI to) {
        builder.region(Region.of(in));
        if (to != null) {
            builder.endpointOverride(to);
        }
        builder.overrideConfiguration((c) -> c.addExecutionInterceptor(new AwsSdkTrace(trace))
                .addExecutionInterceptor(new BoundedResponses(Settings.Http.DEFAULT_MAX_RESPONSE_BYTES)));
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    /** Resolves credentials once; none at all is a missing prerequisite (exit 6). */
    private AwsCredentialsProvider credentials() {
        if (credentials != null) {
            return credentials;
        }
        AwsCredentialsProvider provider = provider();
        try {
            provider.resolveCredentials();
        } catch (SdkException ex) {
            String which = (awsProfile != null)
                    ? "AWS profile '" + awsProfile + "' gives no usable credentials"
                    : "no AWS credentials found";
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    which + ": run 'aws configure' or 'aws sso login', "
                            + "or pass --aws-profile NAME (the CDK CLI needs them too)",
                    ex);
        }
        credentials = provider;
        return provider;
    }

    private AwsCredentialsProvider provider() {
        // The AWS CLI's order: an explicit profile, then keys in the environment, then AWS_PROFILE, then the rest.
        if (optionProfile != null) {
            return ProfileCredentialsProvider.builder()
                    .profileFile(profileFile)
                    .profileName(optionProfile)
                    .build();
        }
        Optional<String> id = host.getenv("AWS_ACCESS_KEY_ID");
        Optional<String> key = host.getenv("AWS_SECRET_ACCESS_KEY");
        if (id.isPresent() && key.isPresent()) {
            Optional<String> token = host.getenv("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(
                    token.isPresent()
                            ? AwsSessionCredentials.create(id.get(), key.get(), token.get())
                            : AwsBasicCredentials.create(id.get(), key.get()));
        }
        if (awsProfile != null) {
            return ProfileCredentialsProvider.builder()
                    .profileFile(profileFile)
                    .profileName(awsProfile)
                    .build();
        }
        return DefaultCredentialsProvider.builder()
                .profileFile(() -> profileFile)
                .build();
    }

    /** ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) of this environment. */
    private static ProfileFile profileFile(HostSystem host) {
        Path home = Path.of(host.getenv("HOME").orElse(System.getProperty("user.home")));
        Path config = host.getenv("AWS_CONFIG_FILE").map(Path::of).orElse(home.resolve(".aws/config"));
        Path credentials =
                host.getenv("AWS_SHARED_CREDENTIALS_FILE").map(Path::of).orElse(home.resolve(".aws/credentials"));
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        if (Files.isReadable(config)) {
            aggregator.addFile(ProfileFile.builder()
                    .content(config)
                    .type(ProfileFile.Type.CONFIGURATION)
                    .build());
        }
        if (Files.isReadable(credentials)) {
            aggregator.addFile(ProfileFile.builder()
                    .content(credentials)
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build());
        }
        return aggregator.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
