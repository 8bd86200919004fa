package io.didpool.allocation;

import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * A statement with positional parameters, and where its named ones go: built once per shape of a read or a write,
 * since building the text was a sizeable share of what a batch allocated.
 */
record ParsedStatement(String sql, ParsedSql parsed) {

    static ParsedStatement of(String named) {
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(named);
        return new ParsedStatement(NamedParameterUtils.substituteNamedParameters(parsed, null), parsed);
    }
}
