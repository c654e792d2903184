//! The local stack behind `orderflow dev` and the integration tests: the AWS emulator (moto), its
//! resources created from `infra/template.yaml`, queue pumps standing in for Lambda's SQS triggers,
//! and `replay` of the sample events.

pub mod dev;
pub mod emulator;
pub mod provision;
pub mod pump;
pub mod replay;
pub mod runtime_api;

/// This machine's CA bundle, for function binaries run locally: the template points `SSL_CERT_FILE`
/// at the Lambda runtime's own path.
pub fn host_ca_bundle() -> Option<&'static str> {
    ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
}

/// Root of the repository, where `infra/`, `events/` and `.venv/` are.
pub fn repo_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
