import Crypto
import X509
import _CryptoExtras

extension KeyAlgorithm {
    /// The algorithm of an existing key, so a CA loaded from a Secret signs
    /// with the matching signature algorithm. RSA of any size maps to
    /// ``rsa2048`` (SHA-256 with RSA either way); `nil` for other key types
    /// (P-384, Ed25519), which nncp-guard does not sign with.
    public init?(publicKey: Certificate.PublicKey) {
        if P256.Signing.PublicKey(publicKey) != nil {
            self = .ecdsaP256
        } else if _RSA.Signing.PublicKey(publicKey) != nil {
            self = .rsa2048
        } else {
            return nil
        }
    }
}
