package io.stablerail.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void aGeneratedCredentialParsesBackAndMatchesOnlyItsOwnSecret() {
        Tokens.Prefixed issued = Tokens.Prefixed.generate("sro");

        assertThat(issued.token()).matches("sro_[A-Za-z0-9]{16}_[A-Za-z0-9]{40}");
        Tokens.Prefixed parsed = Tokens.Prefixed.parse(issued.token(), "sro").orElseThrow();
        assertThat(parsed.id()).isEqualTo(issued.id());
        assertThat(parsed.secretMatches(issued.secretSha256())).isTrue();
        assertThat(parsed.secretMatches(Tokens.Prefixed.generate("sro").secretSha256())).isFalse();
        assertThat(issued.toString()).contains(issued.id()).doesNotContain(issued.secret());
    }

    @Test
    void anotherKindOrAnotherShapeIsNotACredential() {
        String apiKey = Tokens.Prefixed.generate("srk").token();

        assertThat(Tokens.Prefixed.parse(apiKey, "sro")).as("an API key is not an ops token").isEmpty();
        assertThat(Tokens.Prefixed.parse(apiKey, "srk")).isPresent();
        assertThat(Tokens.Prefixed.parse(null, "srk")).isEmpty();
        assertThat(Tokens.Prefixed.parse(apiKey + "x", "srk")).isEmpty();
        assertThat(Tokens.Prefixed.parse(apiKey.substring(0, apiKey.length() - 1), "srk")).isEmpty();
        assertThat(Tokens.Prefixed.parse(apiKey.replace('_', '-'), "srk")).isEmpty();
    }
}
