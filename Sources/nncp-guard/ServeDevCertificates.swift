import CertRotation
import Foundation
import Logging

/// `--dev`: a CA and localhost certificate that live in `certs/`.
enum DevCertificateSetup {
    /// Returns the paths, generating the files first if any is missing or
    /// the serving certificate expires within a day.
    static func ensure(directory: String) throws -> CertificateBundle.Paths {
        let paths = CertificateBundle.Paths(directory: directory)
        if paths.exist, !expiresSoon(paths.certificate) { return paths }
        let bundle = try CertificateBundle.generateForLocalhost()
        try bundle.write(to: directory)
        FileHandle.standardError.write(Data("generated development CA and localhost certificate in \(directory)/ (serial \(bundle.serving.serialHex))\n".utf8))
        return paths
    }

    private static func expiresSoon(_ certificatePath: String) -> Bool {
        guard let info = try? CertificateFileInfo.read(certificatePath) else { return true }
        return info.notValidAfter.timeIntervalSinceNow < 24 * 3600
    }
}
