package dev.clusterlog.logql.template;

import java.util.ArrayList;
import java.util.List;

/** Parses Go template text into {@link Template} nodes. */
final class TemplateParser {
    private final String src;
    private int pos;
    private String pendingTrim;

    TemplateParser(String src) {
        this.src = src;
    }

    private IllegalArgumentException error(String msg) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException("template: line:" + line + ": " + msg);
    }

    Template parseTemplate() {
        List<Template.Node> nodes = new ArrayList<>();
        String end = parseList(nodes);
        if (end != null) {
            throw error("unexpected {{" + end + "}}");
        }
        return newTemplate(nodes);
    }

    private static Template newTemplate(List<Template.Node> nodes) {
        return new Template(List.copyOf(nodes));
    }

    /** Parses nodes until EOF (returns null) or until an {@code else...}/{@code end} action (returns its words). */
    private String parseList(List<Template.Node> nodes) {
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
            boolean trimLeft = open >= 0 && open + 2 < src.length() && src.charAt(open + 2) == '-'
                    && open + 3 < src.length() && Character.isWhitespace(src.charAt(open + 3));
            if (pendingTrim != null) {
                text = text.stripLeading();
                pendingTrim = null;
            }
            if (trimLeft) {
                text = text.stripTrailing();
            }
            if (!text.isEmpty()) {
                nodes.add(new Template.Node.Text(text));
            }
            if (open < 0) {
                pos = src.length();
                return null;
            }
            pos = open + (trimLeft ? 3 : 2);
            int close = findClose();
            boolean trimRight = close >= 2 && src.charAt(close - 1) == '-' && Character.isWhitespace(src.charAt(close - 2));
            String inner = src.substring(pos, trimRight ? close - 1 : close).trim();
            int actionStart = pos;
            pos = close + 2;
            if (trimRight) {
                pendingTrim = "";
            }
            if (inner.startsWith("/*")) {
                if (!inner.endsWith("*/")) {
                    throw error("unclosed comment");
                }
                continue;
            }
            ActionLexer lx = new ActionLexer(inner, this::error);
            String first = lx.peekWord();
            if ("end".equals(first) || "else".equals(first)) {
                return inner;
            }
            if ("if".equals(first)) {
                lx.next();
                nodes.add(parseIf(lx));
                continue;
            }
            if ("range".equals(first) || "with".equals(first) || "define".equals(first) || "template".equals(first)
                    || "block".equals(first)) {
                pos = actionStart;
                throw error("unsupported action " + first);
            }
            Template.Pipeline p = lx.pipeline();
            lx.expectEnd();
            nodes.add(new Template.Node.Action(p));
        }
        return null;
    }

    private Template.Node parseIf(ActionLexer lx) {
        Template.Pipeline cond = lx.pipeline();
        lx.expectEnd();
        List<Template.Node> then = new ArrayList<>();
        String end = parseList(then);
        if (end == null) {
            throw error("unexpected EOF");
        }
        List<Template.Node> otherwise = new ArrayList<>();
        if (end.equals("end")) {
            return new Template.Node.If(cond, then, otherwise);
        }
        ActionLexer elx = new ActionLexer(end, this::error);
        elx.next();
        if ("if".equals(elx.peekWord())) {
            elx.next();
            otherwise.add(parseIf(elx));
            return new Template.Node.If(cond, then, otherwise);
        }
        elx.expectEnd();
        String close = parseList(otherwise);
        if (close == null || !close.equals("end")) {
            throw error(close == null ? "unexpected EOF" : "expected end; found " + close);
        }
        return new Template.Node.If(cond, then, otherwise);
    }

    private int findClose() {
        int i = pos;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    if (c != '`' && src.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                i = j + 1;
                continue;
            }
            if (src.startsWith("}}", i)) {
                return i;
            }
            i++;
        }
        throw error("unclosed action");
    }
}
