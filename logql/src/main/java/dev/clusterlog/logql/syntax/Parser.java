package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.logql.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent LogQL parser.
 *
 * <p>Implementation notes: binary operators are parsed by precedence climbing with Prometheus'
 * precedence ({@link BinaryOp}). The words {@code or}/{@code and} are line-filter or label-filter
 * connectives inside a pipeline and set operators outside it; one token of lookahead decides
 * ({@code or "x"} continues a line filter, {@code or name op ...} a label filter). Syntax errors
 * name the token found and the tokens that would have been accepted, like goyacc's messages that
 * Loki returns; validation errors (Loki's {@code validate()}) carry no position.
 */
public final class Parser {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "bool", "on",
            "ignoring", "group_left", "group_right", "offset", "ip", "json", "logfmt", "regexp", "pattern",
            "unpack", "line_format", "label_format", "drop", "keep", "decolorize", "unwrap", "vector",
            "label_replace", "bytes", "duration", "duration_seconds");

    static final String EMPTY_MATCHERS = "queries require at least one regexp or equality matcher that does not have"
            + " an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private final List<Token> tokens;
    private int at;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses and validates a whole query. */
    public static Expr parse(String query) {
        Parser p = new Parser(Lexer.tokenize(query));
        Expr e = p.expr(0);
        p.expect(Kind.EOF);
        Validator.validate(e);
        return e;
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word) || RangeOp.byText(word) != null || VectorOp.byText(word) != null;
    }

    // ---- token helpers

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private boolean is(Kind k) {
        return peek().kind() == k;
    }

    private boolean isWord(String word) {
        return peek().kind() == Kind.IDENTIFIER && peek().text().equals(word);
    }

    private Token expect(Kind k) {
        if (!is(k)) {
            throw unexpected(k.display);
        }
        return advance();
    }

    private void expectWord(String word) {
        if (!isWord(word)) {
            throw unexpected(word);
        }
        advance();
    }

    private ParseException unexpected(String... expecting) {
        Token t = peek();
        String msg = "syntax error: unexpected " + t.describe();
        if (expecting.length > 0) {
            msg += ", expecting " + String.join(" or ", expecting);
        }
        return new ParseException(msg, t.line(), t.column());
    }

    // ---- expressions

    private Expr expr(int minPrecedence) {
        Expr left = unary();
        while (true) {
            BinaryOp op = binaryOpAhead();
            if (op == null || op.precedence() < minPrecedence) {
                return left;
            }
            Token opToken = advance();
            boolean returnBool = false;
            if (isWord("bool")) {
                advance();
                returnBool = true;
            }
            VectorMatching matching = vectorMatching();
            int nextMin = op.rightAssociative() ? op.precedence() : op.precedence() + 1;
            Expr right = expr(nextMin);
            if (!(left instanceof SampleExpr l) || !(right instanceof SampleExpr r)) {
                throw new ParseException("syntax error: unexpected " + opToken.describe()
                        + ": log queries cannot be operands of binary operations", opToken.line(), opToken.column());
            }
            left = new SampleExpr.Binary(op, l, r, returnBool, matching);
        }
    }

    private BinaryOp binaryOpAhead() {
        Token t = peek();
        return switch (t.kind()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case CMP_EQ -> BinaryOp.EQ;
            case NEQ -> BinaryOp.NEQ;
            case GT -> BinaryOp.GT;
            case GTE -> BinaryOp.GTE;
            case LT -> BinaryOp.LT;
            case LTE -> BinaryOp.LTE;
            case IDENTIFIER -> switch (t.text()) {
                case "or" -> BinaryOp.OR;
                case "and" -> BinaryOp.AND;
                case "unless" -> BinaryOp.UNLESS;
                default -> null;
            };
            default -> null;
        };
    }

    private VectorMatching vectorMatching() {
        if (!isWord("on") && !isWord("ignoring")) {
            return null;
        }
        boolean on = advance().text().equals("on");
        List<String> labels = labelList();
        VectorMatching.Card card = VectorMatching.Card.ONE_TO_ONE;
        List<String> include = List.of();
        if (isWord("group_left") || isWord("group_right")) {
            card = advance().text().equals("group_left") ? VectorMatching.Card.GROUP_LEFT : VectorMatching.Card.GROUP_RIGHT;
            if (is(Kind.LPAREN)) {
                include = labelList();
            }
        }
        return new VectorMatching(on, labels, card, include);
    }

    private List<String> labelList() {
        expect(Kind.LPAREN);
        List<String> labels = new ArrayList<>();
        if (!is(Kind.RPAREN)) {
            labels.add(expect(Kind.IDENTIFIER).text());
            while (is(Kind.COMMA)) {
                advance();
                labels.add(expect(Kind.IDENTIFIER).text());
            }
        }
        expect(Kind.RPAREN);
        return labels;
    }

    private Expr unary() {
        if (is(Kind.SUB) || is(Kind.ADD)) {
            boolean negative = advance().kind() == Kind.SUB;
            if (is(Kind.NUMBER)) {
                double v = number(advance());
                return new SampleExpr.Literal(negative ? -v : v);
            }
            Expr inner = unary();
            if (!(inner instanceof SampleExpr s)) {
                throw unexpected("NUMBER");
            }
            return negative ? new SampleExpr.Binary(BinaryOp.MUL, new SampleExpr.Literal(-1), s, false, null) : s;
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case LPAREN -> {
                advance();
                Expr e = expr(0);
                expect(Kind.RPAREN);
                return e;
            }
            case NUMBER -> {
                return new SampleExpr.Literal(number(advance()));
            }
            case LBRACE -> {
                LogSelectorExpr sel = logSelector();
                if (is(Kind.LBRACKET)) {
                    throw unexpected("$end");
                }
                return sel;
            }
            case IDENTIFIER -> {
                RangeOp rop = RangeOp.byText(t.text());
                if (rop != null) {
                    return rangeAggregation(rop);
                }
                VectorOp vop = VectorOp.byText(t.text());
                if (vop != null) {
                    return vectorAggregation(vop);
                }
                if (t.text().equals("vector")) {
                    advance();
                    expect(Kind.LPAREN);
                    double v = signedNumber();
                    expect(Kind.RPAREN);
                    return new SampleExpr.Vector(v);
                }
                if (t.text().equals("label_replace")) {
                    return labelReplace();
                }
                throw unexpected("{", "(", "NUMBER", "aggregation");
            }
            default -> throw unexpected("{", "(", "NUMBER", "aggregation");
        }
    }

    private double signedNumber() {
        boolean negative = false;
        if (is(Kind.SUB)) {
            advance();
            negative = true;
        }
        double v = number(expect(Kind.NUMBER));
        return negative ? -v : v;
    }

    private static double number(Token t) {
        String s = t.text();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Long.parseLong(s.substring(2), 16);
        }
        return Double.parseDouble(s);
    }

    private SampleExpr labelReplace() {
        advance();
        expect(Kind.LPAREN);
        Expr inner = expr(0);
        if (!(inner instanceof SampleExpr s)) {
            throw unexpected("metric expression");
        }
        expect(Kind.COMMA);
        String dst = expect(Kind.STRING).text();
        expect(Kind.COMMA);
        String repl = expect(Kind.STRING).text();
        expect(Kind.COMMA);
        String src = expect(Kind.STRING).text();
        expect(Kind.COMMA);
        Token regexToken = expect(Kind.STRING);
        checkRegex(regexToken);
        expect(Kind.RPAREN);
        return new SampleExpr.LabelReplace(s, dst, repl, src, regexToken.text());
    }

    private SampleExpr rangeAggregation(RangeOp op) {
        advance();
        expect(Kind.LPAREN);
        Double param = null;
        if (is(Kind.NUMBER) || is(Kind.SUB)) {
            param = signedNumber();
            expect(Kind.COMMA);
        }
        LogRange range = logRange();
        expect(Kind.RPAREN);
        Grouping grouping = grouping();
        return new SampleExpr.RangeAggregation(op, param, range, grouping);
    }

    private Grouping grouping() {
        if (isWord("by") || isWord("without")) {
            boolean without = advance().text().equals("without");
            return new Grouping(without, labelList());
        }
        return null;
    }

    private LogRange logRange() {
        boolean parenthesized = false;
        if (is(Kind.LPAREN)) {
            advance();
            parenthesized = true;
        }
        if (!is(Kind.LBRACE)) {
            throw unexpected("{");
        }
        List<LabelMatcher> matchers = matchers();
        List<Stage> stages = new ArrayList<>();
        Unwrap[] unwrap = new Unwrap[1];
        long range;
        long offset = 0;
        pipeline(stages, unwrap);
        if (parenthesized) {
            expect(Kind.RPAREN);
        }
        if (!is(Kind.LBRACKET)) {
            throw unexpected("[");
        }
        range = rangeDuration();
        // Loki also accepts the pipeline after the range: {app="x"}[5m] |= "y"
        if (!parenthesized && stages.isEmpty() && unwrap[0] == null) {
            pipeline(stages, unwrap);
        }
        if (isWord("offset")) {
            advance();
            offset = durationValue(expect(Kind.DURATION));
        }
        return new LogRange(new LogSelectorExpr(matchers, stages), unwrap[0], range, offset);
    }

    private long rangeDuration() {
        expect(Kind.LBRACKET);
        Token d = peek();
        if (d.kind() != Kind.DURATION) {
            throw unexpected("DURATION");
        }
        advance();
        long nanos = durationValue(d);
        expect(Kind.RBRACKET);
        return nanos;
    }

    private static long durationValue(Token t) {
        return Durations.parse(t.text());
    }

    private SampleExpr vectorAggregation(VectorOp op) {
        advance();
        Grouping grouping = grouping();
        expect(Kind.LPAREN);
        Integer param = null;
        if (op.takesParam()) {
            Token p = peek();
            double v = signedNumber();
            if (v != Math.rint(v)) {
                throw new ParseException("syntax error: invalid parameter " + p.text() + " for " + op.text()
                        + ": must be an integer", p.line(), p.column());
            }
            param = (int) v;
            expect(Kind.COMMA);
        }
        Expr inner = expr(0);
        if (!(inner instanceof SampleExpr s)) {
            throw unexpected("[");
        }
        expect(Kind.RPAREN);
        if (grouping == null) {
            grouping = grouping();
        } else if (isWord("by") || isWord("without")) {
            throw unexpected(")");
        }
        return new SampleExpr.VectorAggregation(op, grouping, param, s);
    }

    // ---- log selector and pipeline

    private LogSelectorExpr logSelector() {
        List<LabelMatcher> matchers = matchers();
        List<Stage> stages = new ArrayList<>();
        Unwrap[] unwrap = new Unwrap[1];
        pipeline(stages, unwrap);
        if (unwrap[0] != null) {
            throw unexpected("[");
        }
        return new LogSelectorExpr(matchers, stages);
    }

    private List<LabelMatcher> matchers() {
        expect(Kind.LBRACE);
        List<LabelMatcher> out = new ArrayList<>();
        out.add(matcher());
        while (is(Kind.COMMA)) {
            advance();
            out.add(matcher());
        }
        expect(Kind.RBRACE);
        return out;
    }

    private LabelMatcher matcher() {
        String name = expect(Kind.IDENTIFIER).text();
        Token op = peek();
        LabelMatcher.Type type = switch (op.kind()) {
            case EQ -> LabelMatcher.Type.EQ;
            case NEQ -> LabelMatcher.Type.NEQ;
            case RE -> LabelMatcher.Type.RE;
            case NRE -> LabelMatcher.Type.NRE;
            default -> throw unexpected("=", "!=", "=~", "!~");
        };
        advance();
        Token value = expect(Kind.STRING);
        return labelMatcher(name, type, value);
    }

    /**
     * A core matcher. Regexes are RE2 text translated for java.util.regex ({@link Regexes}: named
     * groups, POSIX classes) and fully anchored; a bad one is a parse error at the string.
     */
    private static LabelMatcher labelMatcher(String name, LabelMatcher.Type type, Token value) {
        if (type == LabelMatcher.Type.EQ || type == LabelMatcher.Type.NEQ) {
            return LabelMatcher.of(name, type, value.text());
        }
        checkRegex(value);
        return new LabelMatcher(name, type, value.text(), Regexes.compile(value.text(), true).pattern());
    }

    private static void checkRegex(Token t) {
        try {
            Regexes.compile(t.text(), false);
        } catch (PatternSyntaxException e) {
            throw new ParseException("error parsing regexp: " + e.getDescription() + ": `" + t.text() + "`",
                    t.line(), t.column());
        }
    }

    /** Stages until something that is not a stage; an unwrap (only in ranges) ends the stages. */
    private void pipeline(List<Stage> stages, Unwrap[] unwrap) {
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case PIPE_EXACT, NEQ, PIPE_MATCH, NRE, PIPE_PATTERN, NOT_PATTERN -> {
                    if (unwrap[0] != null) {
                        throw unexpected("|");
                    }
                    stages.add(lineFilter());
                }
                case PIPE -> {
                    advance();
                    if (unwrap[0] != null) {
                        unwrap[0] = new Unwrap(unwrap[0].conversion(), unwrap[0].label(),
                                append(unwrap[0].postFilters(), labelFilter()));
                    } else if (isWord("unwrap")) {
                        unwrap[0] = unwrap();
                    } else {
                        stages.add(stage());
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private static List<LabelFilter> append(List<LabelFilter> list, LabelFilter f) {
        List<LabelFilter> out = new ArrayList<>(list);
        out.add(f);
        return out;
    }

    private Unwrap unwrap() {
        advance();
        Unwrap.Conversion conv = Unwrap.Conversion.NONE;
        String label;
        if ((isWord("bytes") || isWord("duration") || isWord("duration_seconds")) && peek(1).kind() == Kind.LPAREN) {
            conv = switch (advance().text()) {
                case "bytes" -> Unwrap.Conversion.BYTES;
                case "duration" -> Unwrap.Conversion.DURATION;
                default -> Unwrap.Conversion.DURATION_SECONDS;
            };
            expect(Kind.LPAREN);
            label = expect(Kind.IDENTIFIER).text();
            expect(Kind.RPAREN);
        } else {
            label = expect(Kind.IDENTIFIER).text();
        }
        return new Unwrap(conv, label, List.of());
    }

    private Stage lineFilter() {
        Stage.FilterOp op = switch (advance().kind()) {
            case PIPE_EXACT -> Stage.FilterOp.CONTAINS;
            case NEQ -> Stage.FilterOp.NOT_CONTAINS;
            case PIPE_MATCH -> Stage.FilterOp.MATCHES;
            case NRE -> Stage.FilterOp.NOT_MATCHES;
            case PIPE_PATTERN -> Stage.FilterOp.PATTERN;
            default -> Stage.FilterOp.NOT_PATTERN;
        };
        List<Stage.FilterValue> values = new ArrayList<>();
        values.add(filterValue(op));
        while (isWord("or") && (peek(1).kind() == Kind.STRING
                || (peek(1).kind() == Kind.IDENTIFIER && peek(1).text().equals("ip")))) {
            advance();
            values.add(filterValue(op));
        }
        return new Stage.LineFilter(op, values);
    }

    private Stage.FilterValue filterValue(Stage.FilterOp op) {
        if (isWord("ip") && (op == Stage.FilterOp.CONTAINS || op == Stage.FilterOp.NOT_CONTAINS)) {
            advance();
            expect(Kind.LPAREN);
            Token s = expect(Kind.STRING);
            checkIp(s);
            expect(Kind.RPAREN);
            return new Stage.FilterValue(s.text(), true);
        }
        Token s = expect(Kind.STRING);
        if (op == Stage.FilterOp.MATCHES || op == Stage.FilterOp.NOT_MATCHES) {
            checkRegex(s);
        } else if (op == Stage.FilterOp.PATTERN || op == Stage.FilterOp.NOT_PATTERN) {
            checkPattern(s, false);
        }
        return new Stage.FilterValue(s.text(), false);
    }

    private static void checkIp(Token s) {
        try {
            IpPatterns.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage(), s.line(), s.column());
        }
    }

    private static void checkPattern(Token s, boolean requireCapture) {
        try {
            PatternSyntax.parse(s.text(), requireCapture);
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage(), s.line(), s.column());
        }
    }

    private Stage stage() {
        Token t = peek();
        if (t.kind() == Kind.IDENTIFIER) {
            switch (t.text()) {
                case "json" -> {
                    advance();
                    return new Stage.Json(extractions(true));
                }
                case "logfmt" -> {
                    advance();
                    boolean strict = false;
                    boolean keepEmpty = false;
                    while (is(Kind.FLAG)) {
                        Token f = advance();
                        switch (f.text()) {
                            case "--strict" -> strict = true;
                            case "--keep-empty" -> keepEmpty = true;
                            default -> throw new ParseException("syntax error: unexpected " + f.text()
                                    + ", expecting --strict or --keep-empty", f.line(), f.column());
                        }
                    }
                    return new Stage.Logfmt(strict, keepEmpty, extractions(false));
                }
                case "regexp" -> {
                    advance();
                    Token s = expect(Kind.STRING);
                    checkRegex(s);
                    if (Regexes.groupNames(s.text()).isEmpty()) {
                        throw new ParseException("at least one named capture must be supplied", s.line(), s.column());
                    }
                    return new Stage.Regexp(s.text());
                }
                case "pattern" -> {
                    advance();
                    Token s = expect(Kind.STRING);
                    checkPattern(s, true);
                    return new Stage.Pattern(s.text());
                }
                case "unpack" -> {
                    advance();
                    return new Stage.Unpack();
                }
                case "decolorize" -> {
                    advance();
                    return new Stage.Decolorize();
                }
                case "line_format" -> {
                    advance();
                    Token s = expect(Kind.STRING);
                    checkTemplate(s);
                    return new Stage.LineFormat(s.text());
                }
                case "label_format" -> {
                    advance();
                    return labelFormat();
                }
                case "drop" -> {
                    advance();
                    return new Stage.Drop(namedMatchers());
                }
                case "keep" -> {
                    advance();
                    return new Stage.Keep(namedMatchers());
                }
                default -> {
                }
            }
        }
        if (t.kind() == Kind.IDENTIFIER || t.kind() == Kind.LPAREN) {
            return new Stage.LabelFilterStage(labelFilter());
        }
        throw unexpected("json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop",
                "keep", "decolorize", "unwrap", "IDENTIFIER");
    }

    /** True when the identifier ahead is a label compared with an operator. */
    private boolean isLabelFilterStart() {
        Kind next = peek(1).kind();
        return next == Kind.EQ || next == Kind.NEQ || next == Kind.RE || next == Kind.NRE || next == Kind.CMP_EQ
                || next == Kind.GT || next == Kind.GTE || next == Kind.LT || next == Kind.LTE;
    }

    private static void checkTemplate(Token s) {
        try {
            dev.clusterlog.logql.template.Template.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage(), s.line(), s.column());
        }
    }

    private List<Stage.Extraction> extractions(boolean json) {
        List<Stage.Extraction> out = new ArrayList<>();
        if (!is(Kind.IDENTIFIER) || isKeyword(peek().text()) && peek(1).kind() != Kind.EQ
                && peek(1).kind() != Kind.COMMA) {
            return out;
        }
        do {
            if (!out.isEmpty()) {
                advance();
            }
            String label = expect(Kind.IDENTIFIER).text();
            String expression = null;
            if (is(Kind.EQ)) {
                advance();
                Token s = expect(Kind.STRING);
                expression = s.text();
                if (json) {
                    try {
                        JsonPaths.parse(expression);
                    } catch (IllegalArgumentException e) {
                        throw new ParseException(e.getMessage(), s.line(), s.column());
                    }
                }
            }
            out.add(new Stage.Extraction(label, expression));
        } while (is(Kind.COMMA));
        return out;
    }

    private Stage labelFormat() {
        List<Stage.LabelFormatItem> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                advance();
            }
            String dst = expect(Kind.IDENTIFIER).text();
            expect(Kind.EQ);
            if (is(Kind.STRING)) {
                Token s = advance();
                checkTemplate(s);
                items.add(new Stage.LabelFormatItem(dst, s.text(), true));
            } else if (is(Kind.IDENTIFIER)) {
                items.add(new Stage.LabelFormatItem(dst, advance().text(), false));
            } else {
                throw unexpected("STRING", "IDENTIFIER");
            }
        } while (is(Kind.COMMA));
        java.util.Set<String> dsts = new java.util.HashSet<>();
        for (Stage.LabelFormatItem it : items) {
            if (!dsts.add(it.dst())) {
                throw ParseException.validation("multiple label name '" + it.dst()
                        + "' not allowed in a single format operation");
            }
        }
        return new Stage.LabelFormat(items);
    }

    private List<Stage.NamedMatcher> namedMatchers() {
        List<Stage.NamedMatcher> out = new ArrayList<>();
        do {
            if (!out.isEmpty()) {
                advance();
            }
            String name = expect(Kind.IDENTIFIER).text();
            if (is(Kind.EQ) || is(Kind.NEQ) || is(Kind.RE) || is(Kind.NRE)) {
                at--;
                out.add(new Stage.NamedMatcher(name, matcher()));
            } else {
                out.add(new Stage.NamedMatcher(name, null));
            }
        } while (is(Kind.COMMA));
        return out;
    }

    // ---- label filters: or < and (also ',' and juxtaposition)

    private LabelFilter labelFilter() {
        LabelFilter left = labelFilterAnd();
        while (isWord("or") && (peek(1).kind() == Kind.IDENTIFIER || peek(1).kind() == Kind.LPAREN)) {
            advance();
            left = new LabelFilter.Or(left, labelFilterAnd());
        }
        return left;
    }

    private LabelFilter labelFilterAnd() {
        LabelFilter left = labelPredicate();
        while (true) {
            if (isWord("and") && (peek(1).kind() == Kind.IDENTIFIER || peek(1).kind() == Kind.LPAREN)) {
                advance();
            } else if (is(Kind.COMMA)) {
                advance();
            } else if (!(is(Kind.IDENTIFIER) && !isWord("or") && !isWord("and") && isLabelFilterStart())
                    && !(is(Kind.LPAREN) && peek(1).kind() == Kind.IDENTIFIER && isPredicateAt(1))) {
                return left;
            }
            left = new LabelFilter.And(left, labelPredicate());
        }
    }

    private boolean isPredicateAt(int ahead) {
        Kind next = peek(ahead + 1).kind();
        return next == Kind.EQ || next == Kind.NEQ || next == Kind.RE || next == Kind.NRE || next == Kind.CMP_EQ
                || next == Kind.GT || next == Kind.GTE || next == Kind.LT || next == Kind.LTE || next == Kind.LPAREN;
    }

    private LabelFilter labelPredicate() {
        if (is(Kind.LPAREN)) {
            advance();
            LabelFilter f = labelFilter();
            expect(Kind.RPAREN);
            return f;
        }
        String name = expect(Kind.IDENTIFIER).text();
        Token op = peek();
        switch (op.kind()) {
            case EQ, NEQ, RE, NRE -> {
                advance();
                if ((op.kind() == Kind.EQ || op.kind() == Kind.NEQ) && isWord("ip")) {
                    advance();
                    expect(Kind.LPAREN);
                    Token s = expect(Kind.STRING);
                    checkIp(s);
                    expect(Kind.RPAREN);
                    return new LabelFilter.IpFilter(name, op.kind() == Kind.NEQ, s.text());
                }
                if (is(Kind.STRING)) {
                    Token s = advance();
                    LabelMatcher.Type type = switch (op.kind()) {
                        case EQ -> LabelMatcher.Type.EQ;
                        case NEQ -> LabelMatcher.Type.NEQ;
                        case RE -> LabelMatcher.Type.RE;
                        default -> LabelMatcher.Type.NRE;
                    };
                    return new LabelFilter.StringFilter(labelMatcher(name, type, s));
                }
                if (op.kind() == Kind.RE || op.kind() == Kind.NRE) {
                    throw unexpected("STRING");
                }
                return comparison(name, op.kind() == Kind.EQ ? LabelFilter.Cmp.EQ : LabelFilter.Cmp.NEQ);
            }
            case CMP_EQ, GT, GTE, LT, LTE -> {
                advance();
                LabelFilter.Cmp cmp = switch (op.kind()) {
                    case CMP_EQ -> LabelFilter.Cmp.EQ;
                    case GT -> LabelFilter.Cmp.GT;
                    case GTE -> LabelFilter.Cmp.GTE;
                    case LT -> LabelFilter.Cmp.LT;
                    default -> LabelFilter.Cmp.LTE;
                };
                return comparison(name, cmp);
            }
            default -> throw unexpected("=", "!=", "=~", "!~", "==", ">", ">=", "<", "<=");
        }
    }

    private LabelFilter comparison(String name, LabelFilter.Cmp cmp) {
        boolean negative = false;
        if (is(Kind.SUB)) {
            advance();
            negative = true;
        }
        Token v = peek();
        switch (v.kind()) {
            case NUMBER -> {
                advance();
                double d = number(v);
                return new LabelFilter.NumberFilter(name, cmp, negative ? -d : d);
            }
            case DURATION -> {
                advance();
                long n = Durations.parse(v.text());
                return new LabelFilter.DurationFilter(name, cmp, negative ? -n : n);
            }
            case BYTES -> {
                advance();
                long b = ByteSizes.parse(v.text());
                return new LabelFilter.BytesFilter(name, cmp, negative ? -b : b);
            }
            default -> throw unexpected("STRING", "NUMBER", "DURATION", "BYTES", "ip");
        }
    }
}
