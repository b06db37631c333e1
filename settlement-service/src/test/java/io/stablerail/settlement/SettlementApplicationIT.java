package io.stablerail.settlement;

import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.testsupport.ServiceConformance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SettlementApplicationIT {

    @LocalServerPort int port;
    @Autowired Environment environment;

    @Test
    void startsAsAConformingStableRailService() {
        ServiceConformance.of("settlement-service", "http://127.0.0.1:" + port, environment)
                .assertConforms();
    }
}
