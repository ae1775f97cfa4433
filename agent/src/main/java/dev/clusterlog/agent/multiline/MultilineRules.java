package dev.clusterlog.agent.multiline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A multi-line grouping as a state machine: rules {@code (from state, pattern) -> to state}; a
 * line matching a rule of {@code start_state} opens a group, a line matching a rule of the
 * group's current state joins it. The built-in rule sets for Java, Python and Go carry over
 * the rules of GoogleCloudPlatform/fluent-plugin-detect-exceptions (as fluent-bit uses them).
 */
public final class MultilineRules {
    public static final String START = "start_state";

    record Rule(String from, Pattern pattern, String to) {
    }

    final List<Rule> rules = new ArrayList<>();

    private MultilineRules add(String from, String regex, String to) {
        rules.add(new Rule(from, Pattern.compile(regex), to));
        return this;
    }

    public static MultilineRules java() {
        MultilineRules r = new MultilineRules();
        r.add(START, "(?:Exception|Error|Throwable|V8 errors stack trace)[:\\r\\n]", "java_after_exception");
        r.add(START, "(?:Exception|Error|Throwable)$", "java_after_exception");
        for (String s : List.of("java_after_exception", "java")) {
            r.add(s, "^[\\t ]*nested exception is:[\\t ]*", "java_start_exception");
            r.add(s, "^[\\t ]+(?:eval )?at ", "java");
            r.add(s, "^[\\t ]+--- End of inner exception stack trace ---$", "java");
            r.add(s, "^--- End of stack trace from previous location where exception was thrown ---$", "java");
            r.add(s, "^[\\t ]*(?:Caused by|Suppressed):", "java_after_exception");
            r.add(s, "^[\\t ]*... \\d+ (?:more|common frames omitted)", "java");
        }
        r.add("java_after_exception", "^[\\r\\n]*$", "java_after_exception");
        r.add("java_start_exception", "(?:Exception|Error|Throwable|V8 errors stack trace)[:\\r\\n]", "java_after_exception");
        return r;
    }

    public static MultilineRules python() {
        return new MultilineRules()
                .add(START, "^Traceback \\(most recent call last\\):$", "python")
                .add("python", "^[\\t ]+File ", "python_code")
                .add("python_code", "[^\\t ]", "python")
                .add("python", "^(?:[^\\s.():]+\\.)*[^\\s.():]+:", "python_end");
    }

    public static MultilineRules go() {
        String frame = "^(?:[^\\s.:]+\\.)*[^\\s.():]+\\(|^created by ";
        return new MultilineRules()
                .add(START, "\\bpanic: ", "go_after_panic")
                .add(START, "http: panic serving", "go_goroutine")
                .add("go_after_panic", "^$", "go_goroutine")
                .add("go_after_panic", "^\\[signal ", "go_after_signal")
                .add("go_after_signal", "^$", "go_goroutine")
                .add("go_goroutine", "^goroutine \\d+ \\[[^\\]]+\\]:$", "go_frame_1")
                .add("go_frame_1", frame, "go_frame_2")
                .add("go_frame_1", "^$", "go_goroutine")
                .add("go_frame_2", "^\\s", "go_frames")
                .add("go_frames", "^$", "go_goroutine")
                .add("go_frames", frame, "go_frame_2");
    }

    /** Java, Python and Go together (each keeps its own states). */
    public static MultilineRules all() {
        MultilineRules r = new MultilineRules();
        r.rules.addAll(java().rules);
        r.rules.addAll(python().rules);
        r.rules.addAll(go().rules);
        return r;
    }

    /**
     * A custom grouping: a line matching {@code start} opens a group; lines matching {@code cont}
     * join it (when {@code cont} is null: every line not matching {@code start}).
     */
    public static MultilineRules custom(String start, String cont) {
        MultilineRules r = new MultilineRules().add(START, start, "custom");
        r.add("custom", cont != null ? cont : "^(?!" + start.replaceFirst("^\\^", "") + ")", "custom");
        return r;
    }

    /** By name: none (null), java, python, go, auto (all three). */
    public static MultilineRules named(String name) {
        return switch (name) {
            case "java" -> java();
            case "python" -> python();
            case "go" -> go();
            case "auto" -> all();
            default -> null;
        };
    }

    String next(String state, CharSequence line) {
        for (Rule rule : rules) {
            if (rule.from.equals(state) && rule.pattern.matcher(line).find()) {
                return rule.to;
            }
        }
        return null;
    }
}
