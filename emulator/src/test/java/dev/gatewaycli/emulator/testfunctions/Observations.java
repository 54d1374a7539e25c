package dev.gatewaycli.emulator.testfunctions;

/** Counts, in the system property {@code gatewaycli.test.Observed.<what>}, that some code of {@link Observed} ran. */
final class Observations {

    private Observations() {}

    static void count(String what) {
        String key = "gatewaycli.test.Observed." + what;
        System.setProperty(key, String.valueOf(Integer.getInteger(key, 0) + 1));
    }
}
