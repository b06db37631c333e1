package io.stablerail.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials of the local stack only, kept in the data directory with owner-only permissions: an ops token (the
 * gateway receives only its SHA-256) and a demo merchant with an API key, created on the first start and reused after.
 * They are printed to the developer's console on purpose; nothing like this exists outside the local stack.
 */
final class LocalCredentials {

    /** Public BIP-39 test vector mnemonic: known to everyone, so never a real wallet. */
    static final String DEV_ONLY_DEPOSIT_MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon abandon about";

    private static final Pattern FIELD = Pattern.compile("\"(id|token)\"\\s*:\\s*\"([^\"]+)\"");

    private final Path directory;

    LocalCredentials(Path dataDirectory) {
        this.directory = dataDirectory.resolve("credentials");
    }

    /** The ops token, created on first use. */
    String opsToken() throws IOException {
        Path file = directory.resolve("ops-token");
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            write(file, "ops_" + HexFormat.of().formatHex(random));
        }
        return Files.readString(file).strip();
    }

    /** Base64 of 32 random bytes protecting webhook signing secrets at rest, created on first use. */
    String webhookSecretKey() throws IOException {
        Path file = directory.resolve("webhook-secret-key");
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            write(file, java.util.Base64.getEncoder().encodeToString(random));
        }
        return Files.readString(file).strip();
    }

    /**
     * The local stack's deposit key seed for withdrawal-service: DEVELOPMENT ONLY and deliberately not secret — the
     * public BIP-39 test vector mnemonic ("abandon … about"), whose keys anyone can derive. It lets the local stack
     * onboard merchants automatically; never use it, or any file like it, for a real deployment.
     *
     * @return the file holding it ({@code <data>/credentials/dev-only-deposit-seed})
     */
    Path devOnlyDepositSeedFile() throws IOException {
        Path file = directory.resolve("dev-only-deposit-seed");
        write(file, DEV_ONLY_DEPOSIT_MNEMONIC);
        return file;
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo merchant's API key token, created through the ops API on the first start. */
    String demoMerchantKey(String gatewayUrl, String opsToken) throws IOException, InterruptedException {
        Path file = directory.resolve("demo-merchant-key");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            String merchant = field(post(http, gatewayUrl + "/ops/api/merchants", opsToken,
                    "{\"name\":\"Demo Merchant\"}"), "id");
            String token = field(post(http, gatewayUrl + "/ops/api/merchants/" + merchant + "/api-keys", opsToken,
                    "{\"scopes\":[\"read\",\"write\"],\"description\":\"local stack demo key\"}"), "token");
            write(file, token);
            return token;
        }
    }

    private static String post(HttpClient http, String url, String opsToken, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + opsToken).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) throws IOException {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new IOException("no \"" + name + "\" in " + json.replaceAll("srk_[A-Za-z0-9_]+", "srk_<redacted>"));
    }

    private void write(Path file, String content) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(file, content + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own protection applies
        }
    }
}
