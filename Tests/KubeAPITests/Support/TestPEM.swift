/// A throwaway self-signed P-256 certificate and key (CN=kubeapi-test-ca),
/// only ever parsed by these tests.
enum TestPEM {
    static let certificate = """
    -----BEGIN CERTIFICATE-----
    MIIBizCCATGgAwIBAgIUflLQgOtgDRXPkb9TEG2fO0SN8FgwCgYIKoZIzj0EAwIw
    GjEYMBYGA1UEAwwPa3ViZWFwaS10ZXN0LWNhMCAXDTI2MTEyMjExNTMyNFoYDzIx
    MjYxMDI5MTE1MzI0WjAaMRgwFgYDVQQDDA9rdWJlYXBpLXRlc3QtY2EwWTATBgcq
    hkjOPQIBBggqhkjOPQMBBwNCAASU2xsE+5dDSH1cAyZDbJEpc5F5ijR7/E5rOtco
    T3hbVBn7IP76o759WhFdn9iWJdHp5fJvRT8QLqKtFXZlfn0To1MwUTAdBgNVHQ4E
    FgQUJnnX89Id4nppZNEGHiqShkdk9+8wHwYDVR0jBBgwFoAUJnnX89Id4nppZNEG
    HiqShkdk9+8wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBI9LHT
    QEzlv1QKbe4Hi9PsP7VpPeuTLQJJcyiUhJ1nTgIhAL5x1VBErDfb71eaxIxWvvlw
    sslx9awoCljTBKuMOFOL
    -----END CERTIFICATE-----

    """

    static let privateKey = """
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9l12WhC0YMJJcCpc
    Dr7rfUunP4flzaPgrqXwiOKLEvihRANCAASU2xsE+5dDSH1cAyZDbJEpc5F5ijR7
    /E5rOtcoT3hbVBn7IP76o759WhFdn9iWJdHp5fJvRT8QLqKtFXZlfn0T
    -----END PRIVATE KEY-----

    """
}
