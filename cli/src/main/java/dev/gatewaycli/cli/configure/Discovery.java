package dev.gatewaycli.cli.configure;

import dev.gatewaycli.cli.config.CognitoUrls;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.configure.Chooser.Candidate;
import dev.gatewaycli.cli.deploy.AwsSession;
import dev.gatewaycli.cli.deploy.StackOutputs;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * Finds the user pool, the app client, the token endpoint and the API of a stack that exists already, through
 * {@link AwsSession}: from a CloudFormation stack's outputs (this project's, by the names {@link StackOutputs}
 * reads) or its resources, or from the pools and clients of a Region; then {@code DescribeUserPool} for the domain
 * and {@code DescribeUserPoolClient} for the secret, scopes, flows and validity (docs/fidelity.md, "Cognito's
 * Identity Provider API"). What the options name is taken as it is; of several candidates, {@link Chooser} picks.
 * Every value AWS answers is checked for its shape before it goes into a URL or a profile.
 */
final class Discovery {

    /** CloudFormation resource types whose physical id is what a profile needs (fidelity.md, same section). */
    static final String USER_POOL = "AWS::Cognito::UserPool";

    static final String USER_POOL_CLIENT = "AWS::Cognito::UserPoolClient";

    static final String REST_API = "AWS::ApiGateway::RestApi";

    static final String STAGE = "AWS::ApiGateway::Stage";

    /** A REST API's stage URL: {@code https://<api-id>.execute-api.<region>.amazonaws.com/<stage>}. */
    private static final Pattern EXECUTE_API = Pattern.compile(
            "https://([a-z0-9]{1,32})\\.execute-api\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.amazonaws\\.com/([A-Za-z0-9_-]{1,128})/?");

    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");

    /** Cognito's secrets are {@code [\w+]+}; anything printable and unspaced is accepted, nothing that breaks a line. */
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7E]{1,512}");

    private static final Pattern REST_API_ID = Pattern.compile("[a-z0-9]{1,32}");

    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    /** RFC 6749 §3.3's scope-token. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");

    private final AwsSession session;

    private final Chooser chooser;

    private final String regionOption;

    Discovery(AwsSession session, Chooser chooser, String regionOption) {
        this.session = session;
        this.chooser = chooser;
        this.regionOption = regionOption;
    }

    /**
     * What the options name; each may be null.
     *
     * @param apiUrl an http(s) URL, checked by the command
     * @param tokenUrl an http(s) URL, checked by the command
     */
    record Selection(String userPoolId, String clientId, String apiUrl, String tokenUrl) {}

    /** From a CloudFormation stack: its outputs when they are this project's, else its resources. */
    Found fromStack(String stack, Selection chosen) {
        String in = session.regionOr(regionOption);
        String missing = "check --stack, --region (" + in + ") and --aws-profile";
        Map<String, String> outputs = session.stackOutputs(stack, in, missing);
        List<String> notes = new ArrayList<>();
        if (StackOutputs.complete(outputs)) {
            StackOutputs ours = StackOutputs.of(outputs, stack);
            String fromOutputs = "the outputs of stack " + stack;
            return details(
                    stack,
                    (chosen.userPoolId() != null)
                            ? chosen.userPoolId()
                            : shaped(ours.userPoolId(), CognitoUrls.POOL_ID, "user pool id"),
                    (chosen.clientId() != null)
                            ? chosen.clientId()
                            : shaped(ours.clientId(), CLIENT_ID, "app client id"),
                    (chosen.tokenUrl() != null)
                            ? new Sourced(chosen.tokenUrl(), "--token-url")
                            : new Sourced(url(ours.tokenUrl(), "token URL"), fromOutputs),
                    (chosen.apiUrl() != null)
                            ? new Sourced(chosen.apiUrl(), "--api-url")
                            : new Sourced(url(ours.apiUrl(), "API URL"), fromOutputs),
                    notes);
        }
        List<StackResourceSummary> resources = session.stackResources(stack, in, missing);
        List<Candidate> pools = physical(resources, USER_POOL, CognitoUrls.POOL_ID);
        String pool = chosen.userPoolId();
        if (pool == null) {
            if (pools.isEmpty()) {
                throw new ExitException(
                        ExitCodes.FAILED,
                        "stack " + stack + " in " + in + " has no user pool (" + USER_POOL
                                + "): name the pool and the client with --user-pool-id and --client-id");
            }
            pool = chooser.choose(
                    "stack " + stack + " has " + pools.size() + " user pools", pools, "--user-pool-id ID");
        }
        String client = chosen.clientId();
        if (client == null) {
            client = clientInStack(stack, pool, pools, physical(resources, USER_POOL_CLIENT, CLIENT_ID));
        }
        Sourced api = (chosen.apiUrl() != null)
                ? new Sourced(chosen.apiUrl(), "--api-url")
                : apiInStack(stack, in, outputs, resources, notes);
        Sourced token = (chosen.tokenUrl() != null) ? new Sourced(chosen.tokenUrl(), "--token-url") : null;
        return details(stack, pool, client, token, api, notes);
    }

    /** From the user pools of the Region and the app clients of the pool, when the options do not name them. */
    Found fromPools(Selection chosen) {
        String pool = chosen.userPoolId();
        if (pool == null) {
            String in = session.regionOr(regionOption);
            List<Candidate> pools = new ArrayList<>();
            for (UserPoolDescriptionType described : session.userPools(in)) {
                if (described.id() != null
                        && CognitoUrls.POOL_ID.matcher(described.id()).matches()) {
                    pools.add(new Candidate(described.id(), excerpt(described.name())));
                }
            }
            if (pools.isEmpty()) {
                throw new ExitException(
                        ExitCodes.FAILED,
                        "there are no user pools in " + in
                                + ": check --region and --aws-profile, or name the pool with --user-pool-id");
            }
            pool = chooser.choose("there are " + pools.size() + " user pools in " + in, pools, "--user-pool-id ID");
        }
        String client = chosen.clientId();
        if (client == null) {
            List<Candidate> clients = clientsOf(pool);
            if (clients.isEmpty()) {
                throw noClient(pool);
            }
            client = chooser.choose(
                    "user pool " + pool + " has " + clients.size() + " app clients", clients, "--client-id ID");
        }
        List<String> notes = new ArrayList<>();
        Sourced api = null;
        if (chosen.apiUrl() != null) {
            api = new Sourced(chosen.apiUrl(), "--api-url");
        } else {
            notes.add("no API URL: name it with --api-url URL (or GATEWAY_API_URL) for call, verify and load");
        }
        Sourced token = (chosen.tokenUrl() != null) ? new Sourced(chosen.tokenUrl(), "--token-url") : null;
        return details(null, pool, client, token, api, notes);
    }

    /** The stack's app client of the pool: the stack's clients when they are the pool's, else the pool's. */
    private String clientInStack(String stack, String pool, List<Candidate> pools, List<Candidate> inStack) {
        List<Candidate> candidates = inStack;
        boolean onlyPool = pools.size() == 1 && pools.get(0).id().equals(pool);
        if (inStack.isEmpty() || !onlyPool) {
            // Which pool a client resource belongs to is not in ListStackResources: ask the pool for its clients.
            List<Candidate> ofPool = clientsOf(pool);
            Set<String> stackIds = new LinkedHashSet<>();
            inStack.forEach((c) -> stackIds.add(c.id()));
            List<Candidate> both =
                    ofPool.stream().filter((c) -> stackIds.contains(c.id())).toList();
            candidates = both.isEmpty() ? ofPool : both;
        }
        if (candidates.isEmpty()) {
            throw noClient(pool);
        }
        return chooser.choose(
                "user pool " + pool + " of stack " + stack + " has " + candidates.size() + " app clients",
                candidates,
                "--client-id ID");
    }

    private List<Candidate> clientsOf(String pool) {
        List<Candidate> clients = new ArrayList<>();
        for (UserPoolClientDescription described :
                session.userPoolClients(pool, regionOf(pool), "check --user-pool-id")) {
            if (described.clientId() != null
                    && CLIENT_ID.matcher(described.clientId()).matches()) {
                clients.add(new Candidate(described.clientId(), excerpt(described.clientName())));
            }
        }
        return clients;
    }

    private static ExitException noClient(String pool) {
        return new ExitException(
                ExitCodes.FAILED,
                "user pool " + pool + " has no app client: create one (aws cognito-idp create-user-pool-client), or "
                        + "name it with --client-id");
    }

    /**
     * The stack's API URL: from outputs that hold a stage URL (the CDK's {@code RestApi} makes one), else from its one
     * REST API and its stages. Several APIs without such outputs cannot be paired with their stages from the resource
     * list: then a note, and no URL.
     */
    private Sourced apiInStack(
            String stack,
            String in,
            Map<String, String> outputs,
            List<StackResourceSummary> resources,
            List<String> notes) {
        Map<String, Candidate> urls = new LinkedHashMap<>();
        outputs.forEach((key, value) -> {
            Matcher url = (value == null) ? null : EXECUTE_API.matcher(value.trim());
            if (url != null && url.matches()) {
                String normalized = executeApi(url.group(1), url.group(2), url.group(3));
                urls.putIfAbsent(normalized, new Candidate(normalized, "output " + excerpt(key)));
            }
        });
        List<Candidate> candidates = new ArrayList<>(urls.values());
        if (candidates.isEmpty()) {
            List<Candidate> apis = physical(resources, REST_API, REST_API_ID);
            List<Candidate> stages = physical(resources, STAGE, STAGE_NAME);
            if (apis.isEmpty()) {
                notes.add("stack " + stack + " has no REST API (" + REST_API
                        + "): the profile has no API URL; name one with --api-url URL");
                return null;
            }
            if (apis.size() > 1) {
                notes.add("stack " + stack + " has " + apis.size() + " REST APIs and no output with their URLs: the "
                        + "profile has no API URL; name one with --api-url URL");
                return null;
            }
            String api = apis.get(0).id();
            for (Candidate stage : stages) {
                candidates.add(
                        new Candidate(executeApi(api, in, stage.id()), "REST API " + api + ", stage " + stage.id()));
            }
            if (candidates.isEmpty()) {
                notes.add("REST API " + api + " of stack " + stack + " has no stage (" + STAGE
                        + "): the profile has no API URL; name one with --api-url URL");
                return null;
            }
        }
        String chosen = chooser.choose(
                "stack " + stack + " has " + candidates.size() + " API stage URLs", candidates, "--api-url URL");
        return new Sourced(chosen, "stack " + stack);
    }

    private static String executeApi(String api, String region, String stage) {
        return "https://" + api + ".execute-api." + region + ".amazonaws.com/" + stage;
    }

    /** The pool and the client described, the token endpoint derived from the pool's domain unless given. */
    private Found details(String stack, String pool, String client, Sourced token, Sourced api, List<String> notes) {
        String region = regionOf(pool);
        UserPoolType described = session.userPool(pool, region, "check --user-pool-id");
        UserPoolClientType app =
                session.userPoolClient(pool, client, region, "check --client-id, and that it is a client of " + pool);
        Sourced tokenUrl = (token != null) ? token : domainTokenUrl(described, region, notes);
        if (app.clientSecret() == null || app.clientSecret().isEmpty()) {
            notes.add("app client " + client + " has no secret: client credentials need one, so only user sign-in "
                    + "(--user) can get tokens");
        } else if (!SECRET.matcher(app.clientSecret()).matches()) {
            throw new ExitException(
                    ExitCodes.NETWORK,
                    "DescribeUserPoolClient answered a client secret that is not one of Cognito's: check --endpoint-url");
        }
        boolean clientCredentials = Boolean.TRUE.equals(app.allowedOAuthFlowsUserPoolClient())
                && app.allowedOAuthFlowsAsStrings().contains("client_credentials");
        if (!clientCredentials) {
            notes.add("app client " + client + " does not allow the client_credentials flow: gateway-cli token and "
                    + "call need --user (a user's sign-in)");
        }
        List<String> authFlows = app.explicitAuthFlowsAsStrings();
        if (!authFlows.contains("ALLOW_USER_PASSWORD_AUTH") && !authFlows.contains("USER_PASSWORD_AUTH")) {
            notes.add("app client " + client + " does not allow USER_PASSWORD_AUTH: --user sign-in will be refused "
                    + "until ExplicitAuthFlows has ALLOW_USER_PASSWORD_AUTH");
        }
        for (String scope : app.allowedOAuthScopes()) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new ExitException(
                        ExitCodes.NETWORK,
                        "DescribeUserPoolClient answered a scope that is no OAuth scope: check --endpoint-url");
            }
        }
        return new Found(
                stack,
                region,
                described,
                app,
                (tokenUrl == null) ? null : tokenUrl.value(),
                (tokenUrl == null) ? null : tokenUrl.from(),
                (api == null) ? null : api.value(),
                (api == null) ? null : api.from(),
                notes);
    }

    private static Sourced domainTokenUrl(UserPoolType pool, String region, List<String> notes) {
        if (pool.domain() != null && !pool.domain().isEmpty()) {
            String prefix = shaped(pool.domain(), CognitoUrls.DOMAIN_PREFIX, "domain prefix");
            return new Sourced(
                    CognitoUrls.prefixDomainTokenUrl(prefix, region).toString(), "the pool's domain " + prefix);
        }
        if (pool.customDomain() != null && !pool.customDomain().isEmpty()) {
            String domain = shaped(pool.customDomain().toLowerCase(Locale.ROOT), HOST, "custom domain");
            return new Sourced(CognitoUrls.customDomainTokenUrl(domain).toString(), "the pool's custom domain");
        }
        notes.add("user pool " + pool.id() + " has no domain, so no token endpoint: client credentials need one; "
                + "add a domain, or name the endpoint with --token-url");
        return null;
    }

    private static String regionOf(String pool) {
        return CognitoUrls.regionOfPool(pool)
                .orElseThrow(
                        () -> new ExitException(ExitCodes.USAGE, "--user-pool-id: not " + CognitoUrls.POOL_ID_SHAPE));
    }

    /** The physical ids of the stack's resources of one type, with their logical ids as labels. */
    private static List<Candidate> physical(List<StackResourceSummary> resources, String type, Pattern shape) {
        List<Candidate> found = new ArrayList<>();
        for (StackResourceSummary resource : resources) {
            String id = resource.physicalResourceId();
            if (type.equals(resource.resourceType())
                    && id != null
                    && shape.matcher(id).matches()) {
                found.add(new Candidate(id, excerpt(resource.logicalResourceId())));
            }
        }
        return found;
    }

    /** A value AWS answered, if it has the shape of what it claims to be; else exit 5. */
    private static String shaped(String value, Pattern shape, String what) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new ExitException(
                    ExitCodes.NETWORK,
                    "AWS answered a " + what + " that is not one ('" + excerpt(value) + "'): check --endpoint-url");
        }
        return value;
    }

    private static String url(String value, String what) {
        return TargetResolver.httpUrl(value)
                .map(URI::toString)
                .orElseThrow(() -> new ExitException(
                        ExitCodes.FAILED,
                        "the stack's " + what + " output '" + excerpt(value) + "' is not an http(s) URL"));
    }

    /** A name from AWS, safe for one line of a terminal. */
    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String single =
                text.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        return (single.length() > 80) ? single.substring(0, 80) + "..." : single;
    }

    /** A value and where it came from. */
    private record Sourced(String value, String from) {}
}
