package io.vrguard.analyzer.policy;

import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.PolicyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The YAML policy file (also accepts JSON): a list of {@link PolicyRule}s under {@code policies:}. Unknown
 * fields are refused, so a typo is an error and not a silently ignored setting.
 */
public final class PolicyFile {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The file's shape. */
    public record Document(List<PolicyRule> policies) {
    }

    private PolicyFile() {
    }

    public static Policies read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file, e);
        }
    }

    public static Policies parse(String text) {
        Document doc;
        try {
            doc = YAML.readValue(text, Document.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed policy file: " + e.getOriginalMessage(), e);
        }
        return Policies.of(doc == null || doc.policies() == null ? List.of() : doc.policies());
    }

    public static PolicyRule parseRule(String text) {
        try {
            return YAML.readValue(text, PolicyRule.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed policy: " + e.getOriginalMessage(), e);
        }
    }
}
