package dev.clusterlog.logql.syntax;

import java.util.ArrayList;
import java.util.List;
import dev.clusterlog.core.text.GoStrings;

/** Splits LogQL text into tokens; positions are 1-based line and column (in characters). */
final class Lexer {
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        Lexer lx = new Lexer(src);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next();
            out.add(t);
        } while (t.kind() != Token.Kind.EOF);
        return out;
    }

    private ParseException error(String msg, int l, int c) {
        return new ParseException(msg, l, c);
    }

    private Token next() {
        skipSpaceAndComments();
        int l = line;
        int c = pos - lineStart + 1;
        if (pos >= src.length()) {
            return new Token(Token.Kind.EOF, "", l, c);
        }
        char ch = src.charAt(pos);
        char nx = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
        switch (ch) {
            case '{': pos++; return new Token(Token.Kind.LBRACE, "{", l, c);
            case '}': pos++; return new Token(Token.Kind.RBRACE, "}", l, c);
            case '(': pos++; return new Token(Token.Kind.LPAREN, "(", l, c);
            case ')': pos++; return new Token(Token.Kind.RPAREN, ")", l, c);
            case '[': return range(l, c);
            case ']': pos++; return new Token(Token.Kind.RBRACKET, "]", l, c);
            case ',': pos++; return new Token(Token.Kind.COMMA, ",", l, c);
            case '+': pos++; return new Token(Token.Kind.ADD, "+", l, c);
            case '*': pos++; return new Token(Token.Kind.MUL, "*", l, c);
            case '/': pos++; return new Token(Token.Kind.DIV, "/", l, c);
            case '%': pos++; return new Token(Token.Kind.MOD, "%", l, c);
            case '^': pos++; return new Token(Token.Kind.POW, "^", l, c);
            case '"': return quoted(l, c);
            case '`': return raw(l, c);
            case '=':
                pos += nx == '~' || nx == '=' ? 2 : 1;
                return nx == '~' ? new Token(Token.Kind.RE, "=~", l, c)
                        : nx == '=' ? new Token(Token.Kind.CMP_EQ, "==", l, c) : new Token(Token.Kind.EQ, "=", l, c);
            case '!':
                if (nx == '=' || nx == '~' || nx == '>') {
                    pos += 2;
                    return nx == '=' ? new Token(Token.Kind.NEQ, "!=", l, c)
                            : nx == '~' ? new Token(Token.Kind.NRE, "!~", l, c) : new Token(Token.Kind.NOT_PATTERN, "!>", l, c);
                }
                throw error("syntax error: unexpected character '!'", l, c);
            case '|':
                if (nx == '=' || nx == '~' || nx == '>') {
                    pos += 2;
                    return nx == '=' ? new Token(Token.Kind.PIPE_EXACT, "|=", l, c)
                            : nx == '~' ? new Token(Token.Kind.PIPE_MATCH, "|~", l, c) : new Token(Token.Kind.PIPE_PATTERN, "|>", l, c);
                }
                pos++;
                return new Token(Token.Kind.PIPE, "|", l, c);
            case '>':
                pos += nx == '=' ? 2 : 1;
                return nx == '=' ? new Token(Token.Kind.GTE, ">=", l, c) : new Token(Token.Kind.GT, ">", l, c);
            case '<':
                pos += nx == '=' ? 2 : 1;
                return nx == '=' ? new Token(Token.Kind.LTE, "<=", l, c) : new Token(Token.Kind.LT, "<", l, c);
            case '-':
                if (nx == '-' && pos + 2 < src.length() && Character.isLetter(src.charAt(pos + 2))) {
                    int start = pos;
                    pos += 2;
                    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '-')) {
                        pos++;
                    }
                    return new Token(Token.Kind.FLAG, src.substring(start, pos), l, c);
                }
                pos++;
                return new Token(Token.Kind.SUB, "-", l, c);
            default:
                break;
        }
        if (Character.isDigit(ch) || (ch == '.' && Character.isDigit(nx))) {
            return number(l, c);
        }
        if (Character.isLetter(ch) || ch == '_') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                    || src.charAt(pos) == ':')) {
                pos++;
            }
            return new Token(Token.Kind.IDENTIFIER, src.substring(start, pos), l, c);
        }
        throw error("syntax error: unexpected character " + GoQuoteChar.of(src.codePointAt(pos)), l, c);
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (ch == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(ch)) {
                pos++;
            } else if (ch == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token number(int l, int c) {
        int start = pos;
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            boolean exponentSign = (ch == '+' || ch == '-') && pos > start
                    && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')
                    && Character.isDigit(src.charAt(start)) && looksLikeExponent(start, pos - 1);
            if (Character.isLetterOrDigit(ch) || ch == '.' || ch == 'µ' || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        String text = src.substring(start, pos);
        if (text.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") || text.matches("0[xX][0-9a-fA-F]+")) {
            return new Token(Token.Kind.NUMBER, text, l, c);
        }
        if (Durations.parse(text) != Long.MIN_VALUE) {
            return new Token(Token.Kind.DURATION, text, l, c);
        }
        if (ByteSizes.isBytesToken(text)) {
            return new Token(Token.Kind.BYTES, text, l, c);
        }
        throw error("syntax error: unexpected " + text + ": not a number, duration or byte size", l, c);
    }

    private boolean looksLikeExponent(int start, int ePos) {
        for (int i = start; i < ePos; i++) {
            char ch = src.charAt(i);
            if (!Character.isDigit(ch) && ch != '.') {
                return false;
            }
        }
        return true;
    }

    private Token range(int l, int c) {
        pos++;
        return new Token(Token.Kind.LBRACKET, "[", l, c);
    }

    private Token quoted(int l, int c) {
        int start = ++pos;
        while (pos < src.length() && src.charAt(pos) != '"') {
            if (src.charAt(pos) == '\\') {
                pos++;
            }
            if (pos < src.length() && src.charAt(pos) == '\n') {
                throw error("syntax error: newline in string", l, c);
            }
            pos++;
        }
        if (pos >= src.length()) {
            throw error("syntax error: literal not terminated", l, c);
        }
        String body = src.substring(start, pos);
        pos++;
        try {
            return new Token(Token.Kind.STRING, GoStrings.unescape(body), l, c);
        } catch (IllegalArgumentException e) {
            throw error("syntax error: invalid syntax: " + e.getMessage(), l, c);
        }
    }

    private Token raw(int l, int c) {
        int start = ++pos;
        while (pos < src.length() && src.charAt(pos) != '`') {
            if (src.charAt(pos) == '\n') {
                line++;
                lineStart = pos + 1;
            }
            pos++;
        }
        if (pos >= src.length()) {
            throw error("syntax error: literal not terminated", l, c);
        }
        String body = src.substring(start, pos);
        pos++;
        return new Token(Token.Kind.STRING, body, l, c);
    }

    /** Quotes one code point for an error message, Go style. */
    static final class GoQuoteChar {
        private GoQuoteChar() {
        }

        static String of(int cp) {
            return "'" + new String(Character.toChars(cp)) + "'";
        }
    }
}
