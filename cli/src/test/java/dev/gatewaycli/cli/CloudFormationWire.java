package dev.gatewaycli.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.Map;

/**
 * CloudFormation as it is on the wire (docs/fidelity.md §8), for WireMock: the Query protocol, {@code POST /} with a
 * form body naming the {@code Action}, XML answers and {@code ErrorResponse} errors.
 */
public final class CloudFormationWire {

    private CloudFormationWire() {}

    /** {@code DescribeStacks} answering one stack, complete, with these outputs. */
    public static MappingBuilder describeStacks(String stack, Map<String, String> outputs) {
        StringBuilder members = new StringBuilder();
        outputs.forEach((k, v) -> members.append("<member><OutputKey>")
                .append(k)
                .append("</OutputKey><OutputValue>")
                .append(v)
                .append("</OutputValue></member>"));
        return action("DescribeStacks", """
				<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
				  <DescribeStacksResult><Stacks><member>
				    <StackName>%s</StackName>
				    <StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/%s/50e24162-94e0</StackId>
				    <CreationTime>2025-01-01T00:00:00Z</CreationTime>
				    <StackStatus>CREATE_COMPLETE</StackStatus>
				    <Outputs>%s</Outputs>
				  </member></Stacks></DescribeStacksResult>
				  <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>
				</DescribeStacksResponse>""".formatted(stack, stack, members));
    }

    /** {@code ListStackResources} answering resources given as {@code type, logical id, physical id} triples. */
    public static MappingBuilder listStackResources(String... typeLogicalPhysical) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < typeLogicalPhysical.length; i += 3) {
            members.append("<member><LogicalResourceId>")
                    .append(typeLogicalPhysical[i + 1])
                    .append("</LogicalResourceId><PhysicalResourceId>")
                    .append(typeLogicalPhysical[i + 2])
                    .append("</PhysicalResourceId><ResourceType>")
                    .append(typeLogicalPhysical[i])
                    .append("</ResourceType><LastUpdatedTimestamp>2025-01-01T00:00:00Z</LastUpdatedTimestamp>")
                    .append("<ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>");
        }
        return action("ListStackResources", """
				<ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
				  <ListStackResourcesResult><StackResourceSummaries>%s</StackResourceSummaries></ListStackResourcesResult>
				  <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>
				</ListStackResourcesResponse>""".formatted(members));
    }

    /** An AWS Query-protocol error (STS, CloudFormation). */
    public static String queryError(String code, String message) {
        return """
				<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
				  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
				  <RequestId>r2</RequestId>
				</ErrorResponse>""".formatted(code, message);
    }

    private static MappingBuilder action(String action, String xml) {
        return post(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(xml));
    }
}
