/**
 * LogQL for clusterlog: Grafana Loki's query language without the storage engine.
 *
 * <p>Entry points: {@link dev.clusterlog.logql.LogQL#parse} (text to AST, errors worded as Loki's),
 * {@link dev.clusterlog.logql.LogQL#print} (canonical text), {@link dev.clusterlog.logql.LogQL#pushdownHints}
 * (what a store's index can use), {@link dev.clusterlog.logql.eval.QueryEngine#execute} (evaluation over an
 * {@link dev.clusterlog.logql.eval.EntrySource}), {@link dev.clusterlog.logql.eval.LokiJson#write} (Loki's
 * HTTP JSON), {@link dev.clusterlog.logql.eval.RequestParams} (Loki's query parameters).
 *
 * <p>Packages: {@code syntax} (lexer, parser, AST, printer, validation), {@code log} (pipeline stages on
 * byte slices), {@code template} (the Go text/template subset of line_format and label_format),
 * {@code eval} (log and metric query evaluation, results, limits, serialization).
 */
package dev.clusterlog.logql;
