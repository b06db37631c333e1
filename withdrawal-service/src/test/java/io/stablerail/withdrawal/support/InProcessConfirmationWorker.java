package io.stablerail.withdrawal.support;

import java.util.Map;

import io.stablerail.confirmation.ConfirmationApplication;
import io.stablerail.testsupport.TestInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real confirmation-worker (its plain jar, test scope only) started in-process on a random port with its own
 * schema, on the topic prefix of the stack it is part of. As for {@link InProcessLedger}, its configuration is given
 * here in full (the classpath's {@code application.yml} is withdrawal-service's); {@code chains} adds the
 * {@code stablerail.confirmation.*} settings of the chains it follows.
 */
public final class InProcessConfirmationWorker {

    private InProcessConfirmationWorker() {
    }

    public static ConfigurableApplicationContext start(TestInfra infra, String topicPrefix,
                                                       Map<String, Object> confirmationSettings) {
        Map<String, Object> p = InProcessServices.properties(infra, "confirmation-worker", "classpath:db/confirmation",
                topicPrefix);
        p.putAll(confirmationSettings);
        return new SpringApplicationBuilder(ConfirmationApplication.class).properties(p).run();
    }
}
