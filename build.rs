//! Embeds every `locales/*.ftl` file, so that adding a locale is adding one file.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let mut files: Vec<_> = std::fs::read_dir("locales")
        .expect("the locales folder")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// Every locale file in `locales/`: (language tag, Fluent source).\npub const LOCALE_FILES: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let tag = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name");
        let absolute = std::fs::canonicalize(&path).expect("an existing file");
        code.push_str(&format!("    ({tag:?}, include_str!({absolute:?})),\n"));
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("locales.rs"), code).expect("OUT_DIR is writable");
}
