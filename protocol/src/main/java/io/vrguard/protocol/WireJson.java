package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DateTimeException;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of every wire record. Nulls are left out, unknown fields ignored (readers stay compatible
 * with newer writers of the same schema version), and a record newer than this reader is refused.
 */
public final class WireJson {
    /** Larger records are refused before parsing: a host sample of 64 VRs is about 40 KiB. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Map<Class<?>, Integer> SUPPORTED = Map.of(
            HostSample.class, WireSchema.HOST_SAMPLE,
            EnforcementCommand.class, WireSchema.COMMAND,
            SignedCommand.class, WireSchema.COMMAND,
            ActionResult.class, WireSchema.ACTION_RESULT,
            ViolationEvent.class, WireSchema.VIOLATION_EVENT);

    private WireJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String toJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException("empty record where a " + type.getSimpleName() + " was expected");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new WireFormatException("record of " + bytes.length + " bytes exceeds the limit of "
                    + MAX_RECORD_BYTES);
        }
        T value;
        try {
            value = type == HostSample.class ? type.cast(readHostSample(bytes)) : MAPPER.readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw new WireFormatException("malformed " + type.getSimpleName() + ": " + firstLine(e), e);
        }
        checkSchema(value, type);
        return value;
    }

    /** Host samples are the analyzer's hot path: streamed from the tokens, not bound (same rules, see the reader). */
    private static HostSample readHostSample(byte[] bytes) {
        try (JsonParser p = MAPPER.createParser(bytes)) {
            return HostSampleReader.read(p);
        }
    }

    /** Data binding for any record type, the streaming reader's reference in tests. */
    static <T> T bind(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    public static <T> T decode(String json, Class<T> type) {
        return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    private static void checkSchema(Object value, Class<?> type) {
        if (value == null) {
            throw new WireFormatException("null record where a " + type.getSimpleName() + " was expected");
        }
        Integer supported = SUPPORTED.get(type);
        if (supported != null && value instanceof Versioned v && (v.schema() < 1 || v.schema() > supported)) {
            throw new WireFormatException(type.getSimpleName() + " schema version " + v.schema()
                    + " is not supported (this reader knows 1.." + supported + ")");
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
