package io.vrguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SASL/SCRAM-SHA-512 over TLS for a {@link KafkaBrokerProcess}, with the {@code StandardAuthorizer}: a self-signed
 * broker certificate for 127.0.0.1 made at test time by the JDK's {@code keytool}, one SCRAM user per principal
 * (random passwords, stored in the metadata log by {@code kafka-storage format --add-scram}) and {@code admin} as
 * super user. Nothing is allowed to anyone else until ACLs say so ({@code allow.everyone.if.no.acl.found=false}).
 *
 * <p>The controller listener stays PLAINTEXT on loopback, so its principal ({@code User:ANONYMOUS}) must be a super
 * user for the broker's own registration; production puts the controller listener on mTLS instead.
 */
public final class KafkaSaslSsl {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    /** Makes the key and trust stores in {@code dir} and a password for {@code admin} and each of {@code users}. */
    public KafkaSaslSsl(Path dir, List<String> users) {
        this.keystore = dir.resolve("broker.p12");
        this.truststore = dir.resolve("truststore.p12");
        this.storePassword = randomSecret();
        passwords.put(ADMIN, randomSecret());
        users.forEach(u -> passwords.put(u, randomSecret()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path cert = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", storePassword, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
    }

    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return storePassword;
    }

    public String password(String user) {
        return passwords.get(user);
    }

    /** The broker's listener, TLS, SASL and authorizer settings for a SASL_SSL client port. */
    List<String> brokerConfig(int port, int controllerPort) {
        return List.of(
                "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_SSL",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN),
                "ssl.keystore.location=" + keystore,
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.location=" + truststore,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=" + storePassword,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false");
    }

    /** {@code kafka-storage format} arguments that create every user's SCRAM credential. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        passwords.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        return args;
    }

    public String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + passwords.get(user) + "\";";
    }

    /** Plain Kafka client settings for {@code user} (bootstrap servers not included). */
    public Map<String, Object> clientConfig(String user) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas(user));
        c.put("ssl.truststore.location", truststore.toString());
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.password", storePassword);
        return c;
    }

    /**
     * The same as Spring Boot's standard {@code spring.kafka.*} properties, as a service takes them. The keys are
     * property names, so they can be written as a config tree ({@code spring.config.import=configtree:DIR/}).
     */
    public Map<String, String> springProperties(String user) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.kafka.security.protocol", "SASL_SSL");
        p.put("spring.kafka.ssl.trust-store-location", "file:" + truststore);
        p.put("spring.kafka.ssl.trust-store-type", "PKCS12");
        p.put("spring.kafka.ssl.trust-store-password", storePassword);
        p.put("spring.kafka.properties.sasl.mechanism", MECHANISM);
        p.put("spring.kafka.properties.sasl.jaas.config", jaas(user));
        return p;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "vrgs" + HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
