package dev.gatewaycli.emulator.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Test function whose static initialiser and constructor, and its event type's static initialiser, count that they
 * ran in system properties {@code gatewaycli.test.Observed.<what>} (the one state the emulator's JVM and the
 * function's class loader share). A test must not load this class itself: that would run its initialiser.
 */
public final class Observed {

    static {
        Observations.count("static");
    }

    public Observed() {
        Observations.count("constructor");
    }

    public String handle(Event event, Context context) {
        return "hello " + event.getName();
    }

    /** The event type, a bean. */
    public static final class Event {
        static {
            Observations.count("event");
        }

        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
