package dev.gatewaycli.emulator.model;

/** The AWS partition of a Region and its domain suffix: {@code aws} and {@code amazonaws.com} but in China and GovCloud. */
public final class Partitions {

    private Partitions() {}

    /** {@code AWS::Partition} */
    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** {@code AWS::URLSuffix} */
    public static String urlSuffix(String region) {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
