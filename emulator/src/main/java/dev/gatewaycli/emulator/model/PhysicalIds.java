package dev.gatewaycli.emulator.model;

/**
 * The physical ids a deployment gives the resources that callers see: pool ids, app client ids and secrets, REST API
 * ids, API key ids and values. The model asks for each in a fixed order (stacks in assembly order, resources in
 * template order), numbering each kind from 0, so that a caller can fix the first one and generate the rest.
 */
public interface PhysicalIds {

    /** {@code <region>_<9 letters and digits>} */
    String userPoolId(String region, int ordinal);

    /** 26 lowercase letters and digits */
    String clientId(int ordinal);

    /** about 50 lowercase letters and digits */
    String clientSecret(int ordinal);

    /** 10 lowercase letters and digits */
    String restApiId(int ordinal);

    /** 10 lowercase letters and digits */
    String apiKeyId(int ordinal);

    /** 40 letters and digits, what API Gateway generates for a key without a {@code Value} */
    String apiKeyValue(int ordinal);

    /**
     * Ids derived from {@code seed}: the same seed gives the same ids, in the right shapes. For tests and for reading
     * a model before any emulator has chosen its ids.
     */
    static PhysicalIds derived(String seed) {
        return new PhysicalIds() {
            @Override
            public String userPoolId(String region, int ordinal) {
                return region + "_" + TemplateReader.shortId(seed + "/pool/" + ordinal, 9, true);
            }

            @Override
            public String clientId(int ordinal) {
                return TemplateReader.shortId(seed + "/client/" + ordinal, 26, false);
            }

            @Override
            public String clientSecret(int ordinal) {
                return TemplateReader.shortId(seed + "/secret/" + ordinal, 51, false);
            }

            @Override
            public String restApiId(int ordinal) {
                return TemplateReader.shortId(seed + "/api/" + ordinal, 10, false);
            }

            @Override
            public String apiKeyId(int ordinal) {
                return TemplateReader.shortId(seed + "/key/" + ordinal, 10, false);
            }

            @Override
            public String apiKeyValue(int ordinal) {
                return TemplateReader.shortId(seed + "/key-value/" + ordinal, 40, true);
            }
        };
    }
}
