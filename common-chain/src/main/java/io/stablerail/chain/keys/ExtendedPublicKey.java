package io.stablerail.chain.keys;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.stablerail.chain.address.Base58Check;
import io.stablerail.chain.address.InvalidAddressException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.Bip32ECKeyPair;

/**
 * A BIP-32 extended public key ({@code xpub…}): watch-only. It derives non-hardened children's public keys without
 * any private key (BIP-32 CKDpub), which is all deposit-service needs to hand out addresses. web3j derives private
 * keys; this is the one piece of BIP-32 it does not provide.
 */
public final class ExtendedPublicKey {

    private static final int VERSION_XPUB = 0x0488B21E;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private final ECPoint point;
    private final byte[] chainCode;
    private final int depth;
    private final int parentFingerprint;
    private final int childNumber;

    private ExtendedPublicKey(ECPoint point, byte[] chainCode, int depth, int parentFingerprint, int childNumber) {
        this.point = point.normalize();
        this.chainCode = chainCode.clone();
        this.depth = depth;
        this.parentFingerprint = parentFingerprint;
        this.childNumber = childNumber;
    }

    /** The public half of a private extended key (key side only). */
    public static ExtendedPublicKey of(Bip32ECKeyPair key) {
        return new ExtendedPublicKey(CURVE.getCurve().decodePoint(key.getPublicKeyPoint().getEncoded(true)),
                key.getChainCode(), key.getDepth(), key.getParentFingerprint(), key.getChildNumber());
    }

    public static ExtendedPublicKey parse(String xpub) {
        byte[] data = Base58Check.decode(xpub);
        if (data.length != 78) {
            throw new InvalidAddressException("an extended key has 78 bytes, got " + data.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        if (buffer.getInt() != VERSION_XPUB) {
            throw new InvalidAddressException("not an xpub (mainnet public extended key)");
        }
        int depth = buffer.get() & 0xff;
        int fingerprint = buffer.getInt();
        int child = buffer.getInt();
        byte[] chainCode = new byte[32];
        buffer.get(chainCode);
        byte[] key = new byte[33];
        buffer.get(key);
        if (key[0] != 2 && key[0] != 3) {
            throw new InvalidAddressException("the key of an xpub must be a compressed public key");
        }
        try {
            return new ExtendedPublicKey(CURVE.getCurve().decodePoint(key), chainCode, depth, fingerprint, child);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("the key of the xpub is not on secp256k1");
        }
    }

    public String serialize() {
        ByteBuffer buffer = ByteBuffer.allocate(78).putInt(VERSION_XPUB).put((byte) depth).putInt(parentFingerprint)
                .putInt(childNumber).put(chainCode).put(point.getEncoded(true));
        return Base58Check.encode(buffer.array());
    }

    /** CKDpub: the non-hardened child {@code index} (0 ≤ index < 2³¹). */
    public ExtendedPublicKey derive(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("hardened children cannot be derived from a public key");
        }
        byte[] parentKey = point.getEncoded(true);
        byte[] i = hmacSha512(chainCode, ByteBuffer.allocate(37).put(parentKey).putInt(index).array());
        BigInteger left = new BigInteger(1, Arrays.copyOfRange(i, 0, 32));
        if (left.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalStateException("BIP-32: child " + index + " is invalid; use the next index");
        }
        ECPoint child = MULTIPLIER.multiply(CURVE.getG(), left).add(point).normalize();
        if (child.isInfinity()) {
            throw new IllegalStateException("BIP-32: child " + index + " is invalid; use the next index");
        }
        return new ExtendedPublicKey(child, Arrays.copyOfRange(i, 32, 64), depth + 1, fingerprint(parentKey), index);
    }

    public ExtendedPublicKey derive(int... path) {
        ExtendedPublicKey key = this;
        for (int index : path) {
            key = key.derive(index);
        }
        return key;
    }

    /** The uncompressed public key without its 0x04 prefix: x ‖ y, 64 bytes (what addresses are hashed from). */
    public byte[] publicKey64() {
        byte[] encoded = point.getEncoded(false);
        return Arrays.copyOfRange(encoded, 1, 65);
    }

    public int depth() {
        return depth;
    }

    /** The BIP-32 child number this key was derived with (hardened children have the top bit set). */
    public int childNumber() {
        return childNumber;
    }

    private static int fingerprint(byte[] compressedKey) {
        byte[] sha = new byte[32];
        SHA256Digest sha256 = new SHA256Digest();
        sha256.update(compressedKey, 0, compressedKey.length);
        sha256.doFinal(sha, 0);
        byte[] hash160 = new byte[20];
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        ripemd.doFinal(hash160, 0);
        return ByteBuffer.wrap(hash160).getInt();
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA512Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[64];
        mac.doFinal(out, 0);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExtendedPublicKey that && serialize().equals(that.serialize());
    }

    @Override
    public int hashCode() {
        return serialize().hashCode();
    }

    @Override
    public String toString() {
        return serialize();
    }
}
