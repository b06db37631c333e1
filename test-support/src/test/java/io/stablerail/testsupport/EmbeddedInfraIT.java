package io.stablerail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@EmbeddedInfra
class EmbeddedInfraIT {

    @Test
    void postgresIsVersion17AndTheClassHasItsOwnSchema(TestInfra infra) throws Exception {
        try (Connection connection = infra.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            ResultSet version = statement.executeQuery("SHOW server_version_num");
            version.next();
            assertThat(version.getInt(1)).isBetween(170000, 179999);

            statement.execute("CREATE TABLE probe (id int primary key)");
            ResultSet schema = statement.executeQuery(
                    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'probe'");
            schema.next();
            assertThat(schema.getString(1)).isEqualTo(infra.schema()).startsWith("t_embeddedinfrait_");
        }
    }

    @Test
    void kafkaBrokerRoundTripsARecordOnAPrefixedTopic(TestInfra infra) throws Exception {
        String topic = infra.topic("probe");
        String value = UUID.randomUUID().toString();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.count()).isEqualTo(1);
            assertThat(records.iterator().next().value()).isEqualTo(value);
        }
        assertThat(topic).startsWith(infra.topicPrefix());
    }

    @Test
    void namespacesDifferPerTestClass() {
        assertThat(TestInfra.namespaceOf(EmbeddedInfraIT.class))
                .isNotEqualTo(TestInfra.namespaceOf(EmbeddedInfraExtension.class))
                .matches("t_[a-z0-9]+_[0-9a-f]+");
    }
}
