/// Why a request body is not an AdmissionReview nncp-guard can answer.
///
/// Not an `allowed: false` review: without a readable uid and apiVersion
/// there is no valid review to send back. The server answers such a body
/// with an error of its own, and the apiserver then applies the webhook's
/// `failurePolicy`.
public struct AdmissionReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The body is not JSON.
        case invalidJSON = "InvalidJSON"
        /// The body is larger than the reader accepts.
        case tooLarge = "RequestEntityTooLarge"
        /// JSON, but not `kind: AdmissionReview` with a `request` object.
        case notAdmissionReview = "NotAdmissionReview"
        /// An `apiVersion` other than admission.k8s.io/v1 or v1beta1.
        case unsupportedVersion = "UnsupportedVersion"
        /// `request.uid` is missing or empty; nothing to echo.
        case missingUID = "MissingUID"
        /// A required request field is missing or has the wrong type.
        case invalidRequest = "InvalidRequest"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
