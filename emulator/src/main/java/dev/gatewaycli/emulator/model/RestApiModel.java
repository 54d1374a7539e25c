package dev.gatewaycli.emulator.model;

import java.util.List;

/**
 * The {@code AWS::ApiGateway::RestApi}, its stages and methods.
 *
 * @param logicalId the template's logical id
 * @param name      {@code Name}
 * @param apiId     the emulated API id (ten lowercase letters and digits, like API Gateway's)
 * @param stages    stage names from {@code AWS::ApiGateway::Stage} / {@code Deployment}, template order
 * @param methods   every method of every resource
 */
public record RestApiModel(
        String logicalId, String name, String apiId, List<String> stages, List<MethodModel> methods) {

    public RestApiModel {
        stages = List.copyOf(stages);
        methods = List.copyOf(methods);
    }
}
