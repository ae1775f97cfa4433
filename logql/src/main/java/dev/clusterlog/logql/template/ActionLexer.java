package dev.clusterlog.logql.template;

import dev.clusterlog.core.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses the inside of one action: a pipeline of commands. */
final class ActionLexer {
    private final String s;
    private final Function<String, IllegalArgumentException> error;
    private int i;

    ActionLexer(String s, Function<String, IllegalArgumentException> error) {
        this.s = s;
        this.error = error;
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    String peekWord() {
        skip();
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j == i ? null : s.substring(i, j);
    }

    void next() {
        String w = peekWord();
        i += w == null ? 0 : w.length();
    }

    void expectEnd() {
        skip();
        if (i < s.length()) {
            throw error.apply("unexpected \"" + s.substring(i) + "\" in command");
        }
    }

    Template.Pipeline pipeline() {
        List<Template.Command> commands = new ArrayList<>();
        commands.add(command());
        skip();
        while (i < s.length() && s.charAt(i) == '|') {
            i++;
            commands.add(command());
            skip();
        }
        return new Template.Pipeline(commands);
    }

    private Template.Command command() {
        skip();
        if (i >= s.length() || s.charAt(i) == '|' || s.charAt(i) == ')') {
            throw error.apply("missing value for command");
        }
        String w = peekWord();
        if (w != null && !Character.isDigit(w.charAt(0)) && !w.equals("true") && !w.equals("false")
                && !w.equals("nil")) {
            if (!Functions.exists(w)) {
                throw error.apply("function \"" + w + "\" not defined");
            }
            i += w.length();
            List<Template.Operand> args = new ArrayList<>();
            while (true) {
                skip();
                if (i >= s.length() || s.charAt(i) == '|' || s.charAt(i) == ')') {
                    break;
                }
                args.add(operand());
            }
            if (args.isEmpty()) {
                return new Template.Call(w, List.of());
            }
            return new Template.Call(w, args);
        }
        Template.Operand o = operand();
        skip();
        if (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
            throw error.apply("can't give argument to non-function " + o);
        }
        return new Template.Single(o);
    }

    private Template.Operand operand() {
        skip();
        char c = s.charAt(i);
        if (c == '.') {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            String name = s.substring(i + 1, j);
            i = j;
            return new Template.Field(name);
        }
        if (c == '"') {
            int j = i + 1;
            while (j < s.length() && s.charAt(j) != '"') {
                if (s.charAt(j) == '\\') {
                    j++;
                }
                j++;
            }
            if (j >= s.length()) {
                throw error.apply("unterminated quoted string");
            }
            String body = s.substring(i + 1, j);
            i = j + 1;
            try {
                return new Template.Constant(GoStrings.unescape(body));
            } catch (IllegalArgumentException e) {
                throw error.apply(e.getMessage());
            }
        }
        if (c == '`') {
            int j = s.indexOf('`', i + 1);
            if (j < 0) {
                throw error.apply("unterminated raw quoted string");
            }
            String body = s.substring(i + 1, j);
            i = j + 1;
            return new Template.Constant(body);
        }
        if (c == '(') {
            i++;
            Template.Pipeline p = pipeline();
            skip();
            if (i >= s.length() || s.charAt(i) != ')') {
                throw error.apply("unclosed left paren");
            }
            i++;
            return new Template.Nested(p);
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                    || ((s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
                j++;
            }
            String num = s.substring(i, j);
            i = j;
            try {
                if (num.matches("[+-]?\\d+")) {
                    return new Template.Constant(Long.parseLong(num));
                }
                return new Template.Constant(Double.parseDouble(num));
            } catch (NumberFormatException e) {
                throw error.apply("bad number syntax: \"" + num + "\"");
            }
        }
        String w = peekWord();
        if (w == null) {
            throw error.apply("unexpected \"" + c + "\" in operand");
        }
        i += w.length();
        return switch (w) {
            case "true" -> new Template.Constant(Boolean.TRUE);
            case "false" -> new Template.Constant(Boolean.FALSE);
            case "nil" -> new Template.Constant(null);
            default -> {
                if (!Functions.exists(w)) {
                    throw error.apply("function \"" + w + "\" not defined");
                }
                yield new Template.FunctionRef(w);
            }
        };
    }
}
