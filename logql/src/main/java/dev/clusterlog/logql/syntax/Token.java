package dev.clusterlog.logql.syntax;

/** A lexical token: its kind, its source text (the unquoted value for strings) and its 1-based position. */
record Token(Kind kind, String text, int line, int column) {

    enum Kind {
        IDENTIFIER("IDENTIFIER"), STRING("STRING"), NUMBER("NUMBER"), DURATION("DURATION"), BYTES("BYTES"),
        FLAG("FLAG"), LBRACE("{"), RBRACE("}"), LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"),
        COMMA(","), EQ("="), NEQ("!="), RE("=~"), NRE("!~"), PIPE_EXACT("|="), PIPE_MATCH("|~"),
        PIPE_PATTERN("|>"), NOT_PATTERN("!>"), PIPE("|"), CMP_EQ("=="), GT(">"), GTE(">="), LT("<"),
        LTE("<="), ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"), EOF("$end");

        final String display;

        Kind(String display) {
            this.display = display;
        }
    }

    /** How an error message names this token: keywords by their text, others by kind. */
    String describe() {
        if (kind == Kind.IDENTIFIER && Parser.isKeyword(text)) {
            return text;
        }
        return kind.display;
    }
}
