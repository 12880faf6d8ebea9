import GuardCore

/// ``GuardCore/Base64`` under the name the codec files and their tests
/// use without importing GuardCore. Remove once `AdmissionReviewDecoder`,
/// `AdmissionReviewEncoder` and `Tests/AdmissionTests/CodecTests.swift`
/// import GuardCore themselves.
typealias Base64 = GuardCore.Base64
