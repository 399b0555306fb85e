package dev.saffron.smartcard;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** The asymmetric algorithms of PIV (SP 800-78-4, table 6-2) the software card can hold keys of. */
enum PivAlgorithm {
    RSA_1024(0x06, 128),
    RSA_2048(0x07, 256),
    RSA_3072(0x05, 384),
    ECC_P256(0x11, 32),
    ECC_P384(0x14, 48);

    private final int identifier;
    private final int keyBytes;

    PivAlgorithm(int identifier, int keyBytes) {
        this.identifier = identifier;
        this.keyBytes = keyBytes;
    }

    /** @return the algorithm reference, GENERAL AUTHENTICATE's P1 */
    int identifier() {
        return identifier;
    }

    /** @return the modulus length (RSA) or the field size (EC) in bytes */
    int keyBytes() {
        return keyBytes;
    }

    boolean isRsa() {
        return this == RSA_1024 || this == RSA_2048 || this == RSA_3072;
    }

    /** @throws IllegalArgumentException for a key PIV has no algorithm number for */
    static PivAlgorithm of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return switch (rsa.getModulus().bitLength()) {
                case 1024 -> RSA_1024;
                case 2048 -> RSA_2048;
                case 3072 -> RSA_3072;
                default -> throw new IllegalArgumentException(
                        "RSA key of " + rsa.getModulus().bitLength() + " bits; PIV has 1024, 2048 and 3072");
            };
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            // Only the NIST curves have PIV numbers; their field sizes tell them apart from each other but not
            // from other curves of the same size, so the order is checked too.
            String order = ec.getParams().getOrder().toString(16);
            if (bits == 256 && order.equals("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")) {
                return ECC_P256;
            }
            if (bits == 384 && order.equals("ffffffffffffffffffffffffffffffffffffffffffffffff"
                    + "c7634d81f4372ddf581a0db248b0a77aecec196accc52973")) {
                return ECC_P384;
            }
            throw new IllegalArgumentException("EC key on a " + bits + "-bit curve other than P-256 and P-384");
        }
        throw new IllegalArgumentException(key.getAlgorithm() + " key; PIV cards hold RSA and EC keys");
    }
}
