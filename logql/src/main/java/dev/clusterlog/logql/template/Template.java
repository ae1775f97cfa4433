package dev.clusterlog.logql.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The subset of Go's text/template that Loki's {@code line_format} and {@code label_format} use:
 * text, actions {@code {{ pipeline }}} with trim markers {@code {{- -}}}, comments, fields
 * {@code .label}, string/number/bool literals, function calls, pipelines {@code a | f x} (the
 * piped value is the last argument), parenthesized pipelines, and {@code if / else if / else / end}.
 * {@code range}, {@code with}, variables and templates are not part of it.
 *
 * <p>A parsed template is immutable and thread-safe; {@link #execute} allocates its output.
 */
public final class Template {
    private final List<Node> nodes;

    Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses, or throws {@link IllegalArgumentException} with Go's wording: {@code template: line:1: ...}. */
    public static Template parse(String text) {
        return new TemplateParser(text).parseTemplate();
    }

    /** Runs the template on labels (the dot), with the entry's line and timestamp for __line__/__timestamp__. */
    public String execute(Map<String, String> labels, String line, long timestampNanos) {
        StringBuilder out = new StringBuilder();
        Context ctx = new Context(labels, line, timestampNanos);
        run(nodes, ctx, out);
        return out.toString();
    }

    static void run(List<Node> nodes, Context ctx, StringBuilder out) {
        for (Node n : nodes) {
            switch (n) {
                case Node.Text t -> out.append(t.text());
                case Node.Action a -> out.append(Values.print(a.pipeline().eval(ctx)));
                case Node.If i -> {
                    if (Values.truth(i.condition().eval(ctx))) {
                        run(i.then(), ctx, out);
                    } else {
                        run(i.otherwise(), ctx, out);
                    }
                }
            }
        }
    }

    /** Evaluation context: the dot and the entry. */
    record Context(Map<String, String> labels, String line, long timestampNanos) {
    }

    sealed interface Node {
        record Text(String text) implements Node {
        }

        record Action(Pipeline pipeline) implements Node {
        }

        record If(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
        }
    }

    /** {@code cmd | cmd | ...}. */
    record Pipeline(List<Command> commands) {
        Object eval(Context ctx) {
            Object piped = null;
            boolean hasPiped = false;
            for (Command c : commands) {
                piped = c.eval(ctx, piped, hasPiped);
                hasPiped = true;
            }
            return piped;
        }
    }

    sealed interface Command {
        Object eval(Context ctx, Object piped, boolean hasPiped);
    }

    record Call(String function, List<Operand> args) implements Command {
        @Override
        public Object eval(Context ctx, Object piped, boolean hasPiped) {
            List<Object> values = new ArrayList<>(args.size() + 1);
            for (Operand o : args) {
                values.add(o.eval(ctx));
            }
            if (hasPiped) {
                values.add(piped);
            }
            return Functions.call(function, values, ctx);
        }
    }

    record Single(Operand operand) implements Command {
        @Override
        public Object eval(Context ctx, Object piped, boolean hasPiped) {
            if (hasPiped) {
                throw new TemplateException("can't give argument to non-function " + operand);
            }
            return operand.eval(ctx);
        }
    }

    sealed interface Operand {
        Object eval(Context ctx);
    }

    record Field(String name) implements Operand {
        @Override
        public Object eval(Context ctx) {
            if (name.isEmpty()) {
                return ctx.labels();
            }
            // Loki runs templates with missingkey=zero: an absent label is the empty string
            String v = ctx.labels().get(name);
            return v == null ? "" : v;
        }
    }

    record Constant(Object value) implements Operand {
        @Override
        public Object eval(Context ctx) {
            return value;
        }
    }

    /** A function name used as an operand: called without arguments ({@code {{ __line__ }}}). */
    record FunctionRef(String name) implements Operand {
        @Override
        public Object eval(Context ctx) {
            return Functions.call(name, List.of(), ctx);
        }
    }

    record Nested(Pipeline pipeline) implements Operand {
        @Override
        public Object eval(Context ctx) {
            return pipeline.eval(ctx);
        }
    }
}
