/**
 * Java Lambda functions of the test apps. Each is a handler class with a public no-argument constructor; the apps
 * reference them as {@code dev.gatewaycli.testapps.functions.<Class>::handleRequest} with
 * {@code Code.fromAsset(sources.javaFunctions())}. They may use aws-lambda-java-core and aws-lambda-java-events only.
 */
package dev.gatewaycli.testapps.functions;
