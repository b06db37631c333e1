package io.stablerail.devnet.kms;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for AWS KMS that speaks its wire protocol (JSON 1.1 over HTTP: {@code POST /} with
 * {@code X-Amz-Target: TrentService.<Operation>}), so the real SDK v2 {@code KmsClient} talks to it through
 * {@code endpointOverride}. It implements what a chain signer uses: {@code CreateKey} (only
 * {@code ECC_SECG_P256K1}/{@code SIGN_VERIFY}), {@code GetPublicKey}, {@code Sign} ({@code ECDSA_SHA_256},
 * {@code MessageType=DIGEST} or {@code RAW}) and {@code ListKeys}. Keys are BouncyCastle secp256k1 keys held in
 * memory. Requests without a SigV4 {@code Authorization} header are refused as KMS does; signatures are not
 * verified (there is no secret to verify them against).
 *
 * <p>ECDSA signatures are valid with s or n − s; real KMS returns either. To make sure callers normalize, every
 * other signature this server returns has the high s ({@link #highSignatures()} counts them).
 */
public final class LocalKms implements AutoCloseable {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";

    private final HttpServer server;
    private final Map<String, BigInteger> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong signatures = new AtomicLong();
    private final AtomicLong highSignatures = new AtomicLong();

    private LocalKms(HttpServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1 at {@code port} (0 for any free port). */
    public static LocalKms start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        LocalKms kms = new LocalKms(server);
        server.createContext("/", kms::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return kms;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The real AWS SDK v2 client pointed at this server ({@code endpointOverride}, SigV4 with throwaway static
     * credentials: there is no secret to check here). The caller closes it.
     */
    public software.amazon.awssdk.services.kms.KmsClient sdkClient() {
        return software.amazon.awssdk.services.kms.KmsClient.builder().endpointOverride(endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Creates a key from a known private key (tests that need a fixed address); returns its key id. */
    public String importKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("not a secp256k1 private key");
        }
        String keyId = UUID.randomUUID().toString();
        keys.put(keyId, privateKey);
        return keyId;
    }

    public long highSignatures() {
        return highSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null
                    || !target.startsWith("TrentService.")) {
                error(exchange, 400, "UnknownOperationException", "not a KMS JSON 1.1 request");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, 400, "MissingAuthenticationTokenException",
                        "Request is missing Authentication Token");
                return;
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = JSON.readTree(body);
            }
            switch (target.substring("TrentService.".length())) {
                case "CreateKey" -> createKey(exchange, request);
                case "GetPublicKey" -> getPublicKey(exchange, request);
                case "Sign" -> sign(exchange, request);
                case "ListKeys" -> listKeys(exchange);
                default -> error(exchange, 400, "UnsupportedOperationException",
                        target + " is not implemented by the local KMS");
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "KMSInternalException", "local KMS failed: " + e.getClass().getSimpleName());
        }
    }

    private void createKey(HttpExchange exchange, JsonNode request) throws IOException {
        String spec = text(request, "KeySpec", "SYMMETRIC_DEFAULT");
        String usage = text(request, "KeyUsage", "ENCRYPT_DECRYPT");
        if (!"ECC_SECG_P256K1".equals(spec) || !"SIGN_VERIFY".equals(usage)) {
            error(exchange, 400, "UnsupportedOperationException",
                    "the local KMS creates only ECC_SECG_P256K1 SIGN_VERIFY keys");
            return;
        }
        BigInteger key;
        do {
            key = new BigInteger(256, random);
        } while (key.signum() == 0 || key.compareTo(CURVE.getN()) >= 0);
        String keyId = importKey(key);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("KeyId", keyId);
        metadata.put("Arn", arn(keyId));
        metadata.put("KeySpec", spec);
        metadata.put("KeyUsage", usage);
        metadata.put("KeyState", "Enabled");
        metadata.put("Enabled", true);
        metadata.put("SigningAlgorithms", List.of("ECDSA_SHA_256"));
        ok(exchange, Map.of("KeyMetadata", metadata));
    }

    private void getPublicKey(HttpExchange exchange, JsonNode request) throws IOException {
        String keyId = keyId(request);
        BigInteger key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            error(exchange, 400, "NotFoundException", "Key '" + text(request, "KeyId", "") + "' does not exist");
            return;
        }
        byte[] point = new FixedPointCombMultiplier().multiply(CURVE.getG(), key).getEncoded(false);
        byte[] der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256k1), point).getEncoded();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("KeyId", arn(keyId));
        response.put("PublicKey", Base64.getEncoder().encodeToString(der));
        response.put("KeySpec", "ECC_SECG_P256K1");
        response.put("CustomerMasterKeySpec", "ECC_SECG_P256K1");
        response.put("KeyUsage", "SIGN_VERIFY");
        response.put("SigningAlgorithms", List.of("ECDSA_SHA_256"));
        ok(exchange, response);
    }

    private void sign(HttpExchange exchange, JsonNode request) throws IOException {
        String keyId = keyId(request);
        BigInteger key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            error(exchange, 400, "NotFoundException", "Key '" + text(request, "KeyId", "") + "' does not exist");
            return;
        }
        if (!"ECDSA_SHA_256".equals(text(request, "SigningAlgorithm", ""))) {
            error(exchange, 400, "InvalidKeyUsageException", "the key supports only ECDSA_SHA_256");
            return;
        }
        byte[] message = Base64.getDecoder().decode(text(request, "Message", ""));
        String messageType = text(request, "MessageType", "RAW");
        byte[] digest;
        if ("DIGEST".equals(messageType)) {
            if (message.length != 32) {
                error(exchange, 400, "ValidationException", "Digest is invalid length for algorithm ECDSA_SHA_256.");
                return;
            }
            digest = message;
        } else {
            digest = sha256(message);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(key, DOMAIN), random));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1];
        boolean wantHigh = signatures.incrementAndGet() % 2 == 0;
        boolean isHigh = s.compareTo(CURVE.getN().shiftRight(1)) > 0;
        if (wantHigh != isHigh) {
            s = CURVE.getN().subtract(s);
        }
        if (wantHigh) {
            highSignatures.incrementAndGet();
        }
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new ASN1Integer(rs[0]));
        vector.add(new ASN1Integer(s));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("KeyId", arn(keyId));
        response.put("Signature", Base64.getEncoder().encodeToString(new DERSequence(vector).getEncoded()));
        response.put("SigningAlgorithm", "ECDSA_SHA_256");
        ok(exchange, response);
    }

    private void listKeys(HttpExchange exchange) throws IOException {
        ok(exchange, Map.of("Keys", keys.keySet().stream().map(id -> Map.of("KeyId", id, "KeyArn", arn(id))).toList(),
                "Truncated", false));
    }

    /** A key id, a key ARN, or (not supported here) an alias. */
    private String keyId(JsonNode request) {
        String id = text(request, "KeyId", null);
        if (id == null) {
            return null;
        }
        int slash = id.lastIndexOf("key/");
        return id.startsWith("arn:") && slash >= 0 ? id.substring(slash + 4) : id;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? fallback : value.asString();
    }

    private static String arn(String keyId) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
    }

    private static byte[] sha256(byte[] message) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ok(HttpExchange exchange, Object body) throws IOException {
        send(exchange, 200, JSON.writeValueAsBytes(body));
    }

    /** KMS errors: HTTP 4xx/5xx with {@code {"__type": …, "message": …}}, which the SDK maps to its exceptions. */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, JSON.writeValueAsBytes(Map.of("__type", type, "message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "LocalKms[" + endpoint() + ", " + keys.size() + " keys]";
    }
}
