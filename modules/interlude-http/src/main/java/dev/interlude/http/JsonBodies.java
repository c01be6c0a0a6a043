package dev.interlude.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Reads the API's request bodies strictly, with Jackson's own checks: UTF-8 only; at most {@code maxDepth} levels of
 * nested objects and arrays (checked while parsing, so no body can exhaust a parser's stack); no duplicate keys; no
 * data after the value; a JSON object at the top; no unknown field; no coercion (a number or a boolean is not a
 * string, a string is not a number or a boolean, a scalar is not an object, {@code null} is not a value anywhere). Every
 * refusal is a 400 {@link Api.Refused} whose detail names the field at fault and what it expects.
 */
final class JsonBodies {

    private final int maxDepth;
    private final ObjectMapper mapper;

    JsonBodies(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfigDefaults(c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail)
                        .setAcceptBlankAsEmpty(false))
                .build();
    }

    /** The most levels of nested objects and arrays a body may have ({@code interlude.http.max-json-depth}). */
    int maxDepth() {
        return maxDepth;
    }

    /**
     * The body as a JSON object.
     *
     * @throws Api.Refused 400 for a body that is not UTF-8, not JSON, nested too deep, has a key twice or data after
     *                     its value, or is not an object
     */
    ObjectNode object(byte[] body) {
        utf8(body);
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw refused("the request body nests objects and arrays deeper than the " + maxDepth + " levels this "
                    + "node accepts (interlude.http.max-json-depth)");
        } catch (JsonProcessingException e) {
            throw refused("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " of the request body (expected a JSON object): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw refused("cannot read the request body: " + e.getClass().getSimpleName());
        }
        if (tree == null || tree.isMissingNode()) {
            throw refused("expected a JSON object as the request body, got nothing");
        }
        if (!tree.isObject()) {
            throw refused("expected a JSON object as the request body, got " + shape(tree.asToken()));
        }
        nulls("", tree);
        return (ObjectNode) tree;
    }

    /** Refuses bytes that are not UTF-8, overlong forms included (Jackson reads C0 80 as U+0000). */
    private static void utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        CoderResult result = decoder.decode(bytes, CharBuffer.allocate(body.length), true);
        if (result.isError()) {
            throw refused("the request body is not UTF-8: invalid byte sequence at byte " + bytes.position()
                    + " (0x" + HexFormat.of().formatHex(body, bytes.position(), Math.min(body.length,
                    bytes.position() + result.length())) + ")");
        }
    }

    /** {@code null} is no value: a field is given a value or left out (Jackson's Nulls.FAIL would refuse both). */
    private static void nulls(String path, JsonNode node) {
        if (node.isNull()) {
            throw refused("field \"" + path + "\": null is not a value here; give one or leave the field out");
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> nulls(path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
                    f.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulls(path + "[" + i + "]", node.get(i));
            }
        }
    }

    /**
     * The body as {@code type} (a record whose components are the fields a client may send).
     *
     * @throws Api.Refused 400 as {@link #object}, and naming an unknown field or a field with the wrong type
     */
    <T> T read(byte[] body, Class<T> type) {
        ObjectNode object = object(body);
        try {
            return mapper.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            throw refused("unknown field \"" + path(e) + "\"; expected one of " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null ? "another value" : describe(e.getTargetType());
            JsonNode given = object;
            for (JsonMappingException.Reference r : e.getPath()) {
                given = r.getFieldName() != null ? given.path(r.getFieldName()) : given.path(r.getIndex());
            }
            String got = given.isMissingNode() ? "" : ", got " + shape(given.asToken());
            throw refused("field \"" + path(e) + "\": expected " + expected + got);
        } catch (JsonMappingException e) {
            String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getOriginalMessage();
            throw refused("field \"" + path(e) + "\": " + cause);
        } catch (IOException e) {
            throw refused("cannot read the request body: " + e.getClass().getSimpleName());
        }
    }

    private static Api.Refused refused(String detail) {
        return new Api.Refused(StatusCodes.BAD_REQUEST, detail);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String shape(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    private static String describe(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
