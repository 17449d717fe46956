package io.fennel.protocol.task;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.redis.RedisEnvelope;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed task messages: each gives one ProtocolException naming the field and the value. */
class MalformedInputTest {

  private static final String BODY =
      "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
  private static final TaskProperties JSON = TaskProperties.forTask("id-1", "oid");

  private static Map<String, Object> headers() {
    Map<String, Object> h =
        new LinkedHashMap<>(
            TaskMessageCodec.encodeHeaders(TaskHeaders.of("demo.add", "id-1", "gen1@vm")));
    return h;
  }

  private static Runnable header(String name, Object value) {
    Map<String, Object> h = headers();
    h.put(name, value);
    return () -> TaskMessageCodec.decode(JSON, h, BODY.getBytes(StandardCharsets.UTF_8));
  }

  private static Runnable without(String name) {
    Map<String, Object> h = headers();
    h.remove(name);
    return () -> TaskMessageCodec.decode(JSON, h, BODY.getBytes(StandardCharsets.UTF_8));
  }

  private static Runnable body(String text) {
    return () ->
        TaskMessageCodec.decode(
            JSON, headers(), text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  private static Runnable contentType(String type) {
    return () ->
        TaskMessageCodec.decode(
            new TaskProperties(type, "utf-8", 2, 0, "id-1", "oid", null),
            headers(),
            BODY.getBytes(StandardCharsets.UTF_8));
  }

  private static Runnable result(String json) {
    return () -> ResultRecord.fromJson(json);
  }

  private static Runnable envelope(String json) {
    return () -> RedisEnvelope.decode(json);
  }

  private static final String ENV_HEAD = "{\"body\": ";
  private static final String ENV_TAIL =
      ", \"content-encoding\": \"utf-8\", \"content-type\": \"application/json\", \"headers\": {},"
          + " \"properties\": {\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\","
          + " \"routing_key\": \"celery\"}, \"priority\": 0, \"body_encoding\": \"base64\","
          + " \"delivery_tag\": \"t\"}}";

  static Stream<Arguments> cases() {
    Map<String, Object> nestedBadKey = new HashMap<>();
    nestedBadKey.put("k", List.of(new Object()));
    return Stream.of(
        c(
            "pickle",
            contentType("application/x-python-serialize"),
            "properties.content_type",
            "application/x-python-serialize"),
        c(
            "yaml",
            contentType("application/x-yaml"),
            "properties.content_type",
            "application/x-yaml"),
        c(
            "msgpack",
            contentType("application/x-msgpack"),
            "properties.content_type",
            "application/x-msgpack"),
        c(
            "no content type",
            contentType(null),
            "properties.content_type",
            "task_serializer='json'"),
        c(
            "latin-1 encoding",
            () ->
                TaskMessageCodec.decode(
                    new TaskProperties("application/json", "latin-1", 2, 0, null, null, null),
                    headers(),
                    BODY.getBytes(StandardCharsets.UTF_8)),
            "properties.content_encoding",
            "latin-1"),
        c(
            "null properties",
            () -> TaskMessageCodec.decode(null, headers(), new byte[] {'['}),
            "properties",
            "missing"),
        c("null body", body(null), "body", "missing"),
        c("empty body", body(""), "body", "empty"),
        c("invalid JSON body", body("[[2, 3], {"), "body", "[[2, 3], {"),
        c("body is an object", body("{\"a\": 1}"), "body", "{\"a\":1}"),
        c("body is a string", body("\"x\""), "body", "\"x\""),
        c("body is null", body("null"), "body", "null"),
        c("2-element body", body("[[1], {}]"), "body", "2 elements"),
        c("4-element body", body("[[1], {}, null, 5]"), "body", "4 elements"),
        c("empty list body", body("[]"), "body", "0 elements"),
        c("args as object", body("[{\"a\": 1}, {}, null]"), "body.args", "{\"a\":1}"),
        c("args as string", body("[\"2, 3\", {}, null]"), "body.args", "\"2, 3\""),
        c("kwargs as list", body("[[], [1], null]"), "body.kwargs", "[1]"),
        c("kwargs as null", body("[[], null, null]"), "body.kwargs", "null"),
        c("embed as list", body("[[], {}, [1]]"), "body.embed", "[1]"),
        c("embed as string", body("[[], {}, \"e\"]"), "body.embed", "\"e\""),
        c(
            "callbacks as object",
            body("[[], {}, {\"callbacks\": {\"task\": \"x\"}}]"),
            "body.embed.callbacks",
            "{\"task\":\"x\"}"),
        c("chain item not a dict", body("[[], {}, {\"chain\": [7]}]"), "body.embed.chain[0]", "7"),
        c(
            "signature without task",
            body("[[], {}, {\"chord\": {\"args\": []}}]"),
            "body.embed.chord.task",
            "null"),
        c(
            "signature task a number",
            body("[[], {}, {\"chord\": {\"task\": 3}}]"),
            "body.embed.chord.task",
            "3"),
        c(
            "signature args an object",
            body("[[], {}, {\"errbacks\": [{\"task\": \"t\", \"args\": {}}]}]"),
            "body.embed.errbacks[0].args",
            "{}"),
        c(
            "signature immutable a string",
            body("[[], {}, {\"chord\": {\"task\": \"t\", \"immutable\": \"yes\"}}]"),
            "body.embed.chord.immutable",
            "yes"),
        c(
            "protocol v1 body with args a string",
            () ->
                TaskMessageCodec.decode(
                    JSON,
                    Map.of(),
                    "{\"task\": \"demo.add\", \"id\": \"x\", \"args\": \"2, 3\"}"
                        .getBytes(StandardCharsets.UTF_8)),
            "body.args",
            "protocol v1"),
        c(
            "protocol v1 body without id, null headers",
            () ->
                TaskMessageCodec.decode(
                    JSON, null, "{\"task\": \"demo.add\"}".getBytes(StandardCharsets.UTF_8)),
            "body.id",
            "protocol v1"),
        c(
            "protocol v1 body with retries 'x'",
            () ->
                TaskMessageCodec.decode(
                    JSON,
                    null,
                    "{\"task\": \"demo.add\", \"id\": \"x\", \"retries\": \"x\"}"
                        .getBytes(StandardCharsets.UTF_8)),
            "body.retries",
            "'x'"),
        c(
            "null headers",
            () -> TaskMessageCodec.decode(JSON, null, BODY.getBytes(StandardCharsets.UTF_8)),
            "headers",
            "missing"),
        c("missing task", without("task"), "headers.task", "missing"),
        c("missing id", without("id"), "headers.id", "missing"),
        c("null task", header("task", null), "headers.task", "missing"),
        c("task a number", header("task", 42), "headers.task", "42"),
        c("id a list", header("id", List.of("a")), "headers.id", "[a]"),
        c("lang a boolean", header("lang", true), "headers.lang", "true"),
        c("retries 'x'", header("retries", "x"), "headers.retries", "'x'"),
        c("retries -1", header("retries", -1), "headers.retries", "-1"),
        c("retries 2^40", header("retries", 1L << 40), "headers.retries", "1099511627776"),
        c("retries 1.5", header("retries", 1.5), "headers.retries", "1.5"),
        c("group_index 'a'", header("group_index", "a"), "headers.group_index", "'a'"),
        c("group_index -2", header("group_index", -2), "headers.group_index", "-2"),
        c("bad eta", header("eta", "tomorrow"), "headers.eta", "tomorrow"),
        c("eta a number", header("eta", 1795503104), "headers.eta", "1795503104"),
        c("bad expires", header("expires", "2030-13-45T00:00:00"), "headers.expires", "2030-13-45"),
        c(
            "timelimit 3 elements",
            header("timelimit", List.of(1, 2, 3)),
            "headers.timelimit",
            "[1, 2, 3]"),
        c(
            "timelimit of strings",
            header("timelimit", List.of("10", "5")),
            "headers.timelimit[0]",
            "10"),
        c(
            "timelimit negative soft",
            header("timelimit", Arrays.asList(null, -5)),
            "headers.timelimit[1]",
            "-5"),
        c("timelimit a string", header("timelimit", "10,5"), "headers.timelimit", "10,5"),
        c("ignore_result a string", header("ignore_result", "no"), "headers.ignore_result", "no"),
        c("ignore_result an int", header("ignore_result", 0), "headers.ignore_result", "0"),
        c("root_id a number", header("root_id", 7), "headers.root_id", "7"),
        c("parent_id a map", header("parent_id", Map.of("a", 1)), "headers.parent_id", "a=1"),
        c("argsrepr a list", header("argsrepr", List.of(2, 3)), "headers.argsrepr", "[2, 3]"),
        c("origin a boolean", header("origin", false), "headers.origin", "false"),
        c(
            "stamped_headers a string",
            header("stamped_headers", "a"),
            "headers.stamped_headers",
            "a"),
        c(
            "stamped_headers of ints",
            header("stamped_headers", List.of(1)),
            "headers.stamped_headers[0]",
            "1"),
        c("stamps a list", header("stamps", List.of()), "headers.stamps", "[]"),
        c(
            "extra header of unsupported type",
            header("x-custom", new java.util.Date(0)),
            "headers.x-custom",
            "java.util.Date"),
        c(
            "extra nested unsupported",
            header("x-nested", nestedBadKey),
            "headers.x-nested.k[0]",
            "java.lang.Object"),
        c("result: invalid JSON", result("{\"status\": "), "result record", "{\"status\": "),
        c("result: not an object", result("[1, 2]"), "result record", "[1,2]"),
        c("result: null text", result(null), "result record", "missing"),
        c(
            "result: missing status",
            result("{\"result\": 5, \"task_id\": \"t\"}"),
            "status",
            "missing"),
        c("result: status a number", result("{\"status\": 1, \"task_id\": \"t\"}"), "status", "1"),
        c("result: missing task_id", result("{\"status\": \"SUCCESS\"}"), "task_id", "missing"),
        c("envelope: invalid JSON", envelope("{\"body\": "), "envelope", "{\"body\": "),
        c("envelope: a list", envelope("[]"), "envelope", "[]"),
        c(
            "envelope: body not base64",
            envelope(ENV_HEAD + "\"***not base64***\"" + ENV_TAIL),
            "envelope.body",
            "***not base64***"),
        c("envelope: body a number", envelope(ENV_HEAD + "12" + ENV_TAIL), "envelope.body", "12"),
        c("envelope: body missing", envelope("{\"properties\": {}}"), "envelope.body", "null"),
        c(
            "envelope: headers a list",
            envelope("{\"body\": \"\", \"headers\": [1], \"properties\": {}}"),
            "envelope.headers",
            "[1]"),
        c(
            "envelope: properties missing",
            envelope("{\"body\": \"\"}"),
            "envelope.properties",
            "null"),
        c(
            "envelope: priority a string",
            envelope("{\"body\": \"\", \"properties\": {\"priority\": \"5\"}}"),
            "envelope.properties.priority",
            "5"),
        c(
            "envelope: delivery_info a string",
            envelope("{\"body\": \"\", \"properties\": {\"delivery_info\": \"celery\"}}"),
            "envelope.properties.delivery_info",
            "celery"),
        c(
            "envelope: body_encoding unknown",
            envelope("{\"body\": \"\", \"properties\": {\"body_encoding\": \"rot13\"}}"),
            "envelope.properties.body_encoding",
            "rot13"),
        c(
            "envelope: content-type a number",
            envelope("{\"body\": \"\", \"content-type\": 5, \"properties\": {}}"),
            "envelope.content-type",
            "5"));
  }

  private static Arguments c(String name, Runnable call, String field, String valueText) {
    return Arguments.of(name, call, field, valueText);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyMalformedInputIsAProtocolExceptionNamingTheFieldAndTheValue(
      String name, Runnable call, String field, String valueText) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ProtocolException.class)
        .satisfies(
            (Consumer<Throwable>)
                e -> {
                  org.assertj.core.api.Assertions.assertThat(((ProtocolException) e).field())
                      .isEqualTo(field);
                  org.assertj.core.api.Assertions.assertThat(e.getMessage())
                      .startsWith(field + ": ")
                      .contains(valueText);
                });
  }
}
