package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes the profiles file, {@code $XDG_CONFIG_HOME/gateway-cli/config.yml}:
 *
 * <pre>
 * profiles:
 *   default:
 *     token-url: https://example.auth.us-east-1.amazoncognito.com/oauth2/token
 *     api-url: https://abc123.execute-api.us-east-1.amazonaws.com/prod
 *     client-id: 1example23456789abcdefghij
 *     client-secret: ...
 *     scopes: [users/read-only]
 *     auth: basic
 * </pre>
 *
 * The file may hold a secret, so it is written 0600 in a 0700 directory, and reading a file that others may read
 * prints a warning. SnakeYAML's {@link SafeConstructor} only builds maps, lists and scalars: a config file cannot
 * instantiate classes.
 */
public final class ProfileStore {

    private static final String PROFILES = "profiles";

    private final Path file;

    private final Consumer<String> warnings;

    public ProfileStore(Path file, Consumer<String> warnings) {
        this.file = Objects.requireNonNull(file, "file cannot be null");
        this.warnings = Objects.requireNonNull(warnings, "warnings cannot be null");
    }

    public Path file() {
        return file;
    }

    /** The named profile, or empty when the file or the profile does not exist. Unreadable file: exit 3. */
    public Optional<Profile> read(String name) {
        Map<String, Object> profiles = profiles(load());
        Object entry = profiles.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        if (!(entry instanceof Map<?, ?> map)) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "profile '" + name + "' in " + file + " is not a mapping of settings: fix or remove it");
        }
        return Optional.of(toProfile(name, map));
    }

    /** Names of the profiles in the file, in file order. */
    public List<String> names() {
        return new ArrayList<>(profiles(load()).keySet());
    }

    /** Adds or replaces one profile, keeping the others; writes the file 0600 atomically. */
    public void write(String name, Profile profile) {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(profile, "profile cannot be null");
        Map<String, Object> root = load();
        Map<String, Object> profiles = new LinkedHashMap<>(profiles(root));
        profiles.put(name, toMap(profile));
        root.put(PROFILES, profiles);
        dump(root);
    }

    private void dump(Map<String, Object> root) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
        try {
            PrivateFiles.write(file, yaml.dump(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new ExitException(ExitCodes.CONFIG, "cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Removes one profile, keeping the others ({@code destroy}); false when there was none to remove. */
    public boolean remove(String name) {
        Objects.requireNonNull(name, "name cannot be null");
        Map<String, Object> root = load();
        Map<String, Object> profiles = new LinkedHashMap<>(profiles(root));
        if (profiles.remove(name) == null) {
            return false;
        }
        root.put(PROFILES, profiles);
        dump(root);
        return true;
    }

    private Map<String, Object> load() {
        String text;
        try {
            if (PrivateFiles.isLooserThanOwnerOnly(file)) {
                warnings.accept("warning: " + file + " may hold a client secret and others can read it; run: chmod 600 "
                        + file);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException ex) {
            return new LinkedHashMap<>();
        } catch (IOException ex) {
            throw new ExitException(ExitCodes.CONFIG, "cannot read " + file + ": " + ex.getMessage(), ex);
        }
        Object parsed;
        try (Reader reader = new java.io.StringReader(text)) {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (RuntimeException | IOException ex) {
            // SnakeYAML's message quotes the offending line, which may hold a secret: say where, not what.
            throw new ExitException(
                    ExitCodes.CONFIG, file + " is not valid YAML" + location(ex) + ": fix or remove it", ex);
        }
        if (parsed == null) {
            return new LinkedHashMap<>();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ExitException(
                    ExitCodes.CONFIG, file + " must be a mapping with a 'profiles' key: fix or remove it");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        map.forEach((k, v) -> root.put(String.valueOf(k), v));
        return root;
    }

    private static String location(Exception ex) {
        if (ex instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
            return " (line " + (marked.getProblemMark().getLine() + 1) + ")";
        }
        return "";
    }

    private Map<String, Object> profiles(Map<String, Object> root) {
        Object profiles = root.get(PROFILES);
        if (profiles == null) {
            return new LinkedHashMap<>();
        }
        if (!(profiles instanceof Map<?, ?> map)) {
            throw new ExitException(ExitCodes.CONFIG, "'profiles' in " + file + " must be a mapping: fix or remove it");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private Profile toProfile(String name, Map<?, ?> map) {
        return new Profile(
                string(name, map, Setting.TOKEN_URL.profileKey()),
                string(name, map, Setting.API_URL.profileKey()),
                string(name, map, Setting.CLIENT_ID.profileKey()),
                string(name, map, Setting.CLIENT_SECRET.profileKey()),
                scopes(name, map),
                string(name, map, Setting.CLIENT_AUTH.profileKey()),
                string(name, map, Setting.PROFILE_REGION),
                string(name, map, Setting.USER_POOL_ID.profileKey()),
                string(name, map, Setting.JWKS_URL.profileKey()),
                string(name, map, Setting.IDP_URL.profileKey()),
                string(name, map, Setting.CA_FILE.profileKey()));
    }

    private String string(String profile, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "'" + key + "' of profile '" + profile + "' in " + file + " must be a single value");
        }
        return String.valueOf(value);
    }

    private List<String> scopes(String profile, Map<?, ?> map) {
        Object value = map.get(Setting.SCOPE.profileKey());
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (value instanceof Map) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "'" + Setting.SCOPE.profileKey() + "' of profile '" + profile + "' in " + file
                            + " must be a list or a space-separated string");
        }
        return List.of(String.valueOf(value).trim().split("\\s+"));
    }

    private static Map<String, Object> toMap(Profile profile) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfSet(map, Setting.TOKEN_URL.profileKey(), profile.tokenUrl());
        putIfSet(map, Setting.API_URL.profileKey(), profile.apiUrl());
        putIfSet(map, Setting.CLIENT_ID.profileKey(), profile.clientId());
        putIfSet(map, Setting.CLIENT_SECRET.profileKey(), profile.clientSecret());
        putIfSet(map, Setting.SCOPE.profileKey(), profile.scopes());
        putIfSet(map, Setting.CLIENT_AUTH.profileKey(), profile.auth());
        putIfSet(map, Setting.PROFILE_REGION, profile.region());
        putIfSet(map, Setting.USER_POOL_ID.profileKey(), profile.userPoolId());
        putIfSet(map, Setting.JWKS_URL.profileKey(), profile.jwksUrl());
        putIfSet(map, Setting.IDP_URL.profileKey(), profile.idpUrl());
        putIfSet(map, Setting.CA_FILE.profileKey(), profile.caFile());
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
