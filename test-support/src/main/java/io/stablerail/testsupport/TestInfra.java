package io.stablerail.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

import javax.sql.DataSource;

/** What one test class sees of the shared infrastructure: its own schema and its own topic prefix. */
public final class TestInfra {

    private final SharedInfra shared;
    private final String namespace;

    TestInfra(SharedInfra shared, String namespace) {
        this.shared = shared;
        this.namespace = namespace;
    }

    /** A schema name unique to the test class: lower-case simple name plus a hash of the full name. */
    static String namespaceOf(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (simple.length() > 40) {
            simple = simple.substring(0, 40);
        }
        CRC32 crc = new CRC32();
        crc.update(testClass.getName().getBytes(StandardCharsets.UTF_8));
        return "t_" + simple + "_" + Long.toHexString(crc.getValue());
    }

    public String schema() {
        return namespace;
    }

    /** Prefix prepended to every topic name of this test class, so classes never see each other's records. */
    public String topicPrefix() {
        return namespace + ".";
    }

    public String topic(String baseTopic) {
        return topicPrefix() + baseTopic;
    }

    public String jdbcUrl() {
        return shared.postgres().jdbcUrl();
    }

    public String user() {
        return EmbeddedPostgresServer.USER;
    }

    public String password() {
        return EmbeddedPostgresServer.USER;
    }

    public DataSource dataSource() {
        return shared.postgres().dataSource(schema());
    }

    public String bootstrapServers() {
        return shared.kafka().bootstrapServers();
    }

    public EmbeddedPostgresServer postgres() {
        return shared.postgres();
    }

    public EmbeddedKafkaServer kafka() {
        return shared.kafka();
    }
}
