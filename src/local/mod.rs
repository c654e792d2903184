//! The local stack behind `orderflow dev` and the integration tests: the AWS emulator (moto), its
//! resources created from `infra/template.yaml`, queue pumps standing in for Lambda's SQS triggers,
//! `replay` of the sample events, the requests of one order's life (`lifecycle`, for the bench and
//! the fault suite), a layer that makes AWS calls fail (`faults`) and a stand-in for the payment
//! providers' capture APIs (`payment_api`).

pub mod dev;
pub mod emulator;
pub mod faults;
pub mod lifecycle;
pub mod payment_api;
pub mod provision;
pub mod pump;
pub mod replay;
pub mod runtime_api;
pub mod stack;
pub mod storefront_api;
pub mod stream;

/// Root of the repository, where `infra/`, `events/` and `.venv/` are.
pub fn repo_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Lambda functions, by their crates' names: one per folder of `functions/`, sorted.
pub fn functions() -> Vec<String> {
    let folders = std::fs::read_dir(repo_root().join("functions")).expect("the functions folder");
    let mut names: Vec<String> = folders
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("Cargo.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
