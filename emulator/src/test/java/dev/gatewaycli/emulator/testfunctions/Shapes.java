package dev.gatewaycli.emulator.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test functions: one handler class per signature of the Java runtime's table, and classes with overloads it chooses
 * among or refuses. Each answers something that shows which method ran and what it was given.
 */
public final class Shapes {

    private Shapes() {}

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static void write(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** An event type of the functions' own: a bean. */
    public static final class Greeting {
        private String text;

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    public static final class StreamsAndContext {
        public void handle(InputStream in, OutputStream out, Context context) throws IOException {
            write(out, "{\"event\":" + read(in) + ",\"function\":\"" + context.getFunctionName() + "\"}");
        }
    }

    /** Its return value is not the response: a stream handler's is ignored. */
    public static final class Streams {
        public String handle(InputStream in, OutputStream out) throws IOException {
            in.transferTo(out);
            return "ignored";
        }
    }

    public static final class OutputAndContext {
        public void handle(OutputStream out, Context context) throws IOException {
            write(out, "\"written for " + context.getFunctionName() + "\"");
        }
    }

    public static final class InputAndContext {
        public void handle(InputStream in, Context context) throws IOException {
            context.getLogger().log("read " + read(in) + " in " + context.getFunctionName());
        }
    }

    /** Fails unless its event is {@code "ping"}, so a test sees what it read; its return value is ignored. */
    public static final class InputOnly {
        public int handle(InputStream in) throws IOException {
            String event = read(in);
            if (!event.equals("\"ping\"")) {
                throw new IllegalArgumentException("read " + event);
            }
            return 42;
        }
    }

    public static final class OutputOnly {
        public void handle(OutputStream out) throws IOException {
            write(out, "\"written\"");
        }
    }

    public static final class ContextOnly {
        public String handle(Context context) {
            return "called by " + context.getFunctionName();
        }
    }

    public static final class EventAndContext {
        public String handle(Greeting greeting, Context context) {
            return greeting.getText() + " from " + context.getFunctionName();
        }
    }

    /** A generic event type and a primitive result. */
    public static final class EventOnly {
        public int handle(List<String> words) {
            return words.size();
        }
    }

    public static final class NoArguments {
        public void handle() {
            System.setProperty("gatewaycli.test.NoArguments", "called");
        }
    }

    public static final class NoArgumentsBoolean {
        public boolean handle() {
            return true;
        }
    }

    /** A static method: the runtime calls it without constructing the class, which it could not. */
    public static final class StaticMethod {
        private StaticMethod() {
            throw new IllegalStateException("constructed");
        }

        public static String handle(String event) {
            return event.toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** Four parameters are never a handler, whatever they start with: the one-parameter overload is taken. */
    public static final class FourParameters {
        public void handle(InputStream in, OutputStream out, String a, String b) {
            throw new IllegalStateException("the four-parameter overload ran");
        }

        public String handle(String event) {
            return "event " + event;
        }
    }

    /** Both weigh three; the three-parameter one is not a handler, so the runtime skips it. */
    public static final class EventAndContextOverThreeEvents {
        public String handle(String a, String b, String c) {
            throw new IllegalStateException("the three-parameter overload ran");
        }

        public String handle(String event, Context context) {
            return "event " + event + " and context";
        }
    }

    /** A last Context counts one more: (String, Context) weighs 3, (InputStream, OutputStream) 2. */
    public static final class ContextCountsOneMore {
        public void handle(InputStream in, OutputStream out) throws IOException {
            write(out, "\"streams\"");
        }

        public String handle(String event, Context context) {
            return "event " + event + " and context";
        }
    }

    /** (InputStream, OutputStream, Context) weighs 4, more than any other. */
    public static final class StreamsFirst {
        public String handle(String event, Context context) {
            throw new IllegalStateException("the event overload ran");
        }

        public void handle(InputStream in, OutputStream out, Context context) throws IOException {
            write(out, "\"streams and context\"");
        }

        public String handle(String event) {
            throw new IllegalStateException("the one-parameter overload ran");
        }
    }

    /** Every method named handle has parameters the runtime cannot pass. */
    public static final class NoValidOverload {
        public String handle(Context context, String event) {
            return "context first";
        }

        public String handle(String a, String b) {
            return "two events";
        }

        public void handle(InputStream in, String event) {}

        public void handle(OutputStream out, String event) {}

        public void handle(InputStream in, OutputStream out, String event) {}

        public void handle(InputStream in, OutputStream out, Context context, String event) {}
    }

    /** Its {@code handleRequest(Object, Context)} bridge is a method too; the runtime calls the typed one. */
    public static final class Typed implements RequestHandler<Greeting, String> {
        @Override
        public String handleRequest(Greeting greeting, Context context) {
            return greeting.getText() + "!";
        }
    }

    /** Its type arguments given by its superclass. */
    public abstract static class Base<T> implements RequestHandler<T, String> {}

    public static final class Inherited extends Base<Greeting> {
        @Override
        public String handleRequest(Greeting greeting, Context context) {
            return "inherited " + greeting.getText();
        }
    }

    /** A void result: {@code Void}. */
    public static final class NothingBack implements RequestHandler<Greeting, Void> {
        @Override
        public Void handleRequest(Greeting greeting, Context context) {
            return null;
        }
    }

    public static final class Unbound<T> implements RequestHandler<T, String> {
        @Override
        public String handleRequest(T event, Context context) {
            return "unbound";
        }
    }

    /** A handleRequest method but no handler interface. */
    public static final class NoInterface {
        public String handleRequest(String event) {
            return "no interface";
        }
    }

    public static final class NoPublicConstructor {
        private NoPublicConstructor() {}

        public String handle(String event) {
            return "constructed";
        }
    }

    public static final class BrokenStatic {
        static {
            fail();
        }

        static void fail() {
            throw new IllegalStateException("no configuration");
        }

        public String handle(String event) {
            return "initialised";
        }
    }
}
