"""Packages release binaries as Lambda zips in cargo-lambda's layout: target/lambda/<name>/bootstrap(.zip).

Usage: python3 infra/package.py [--out DIR] [--level N] <target/release dir> <name>...
The zip holds one executable file named `bootstrap` (mode 0755), deflated at level 9 (`--level`).
`--out` puts them elsewhere than target/lambda: `make test` packages its debug build there at level 1,
to prove the packaging without a release build (and without two minutes of compressing 170 MB of
debug binaries hard); what is deployed always comes from target/lambda.
"""

import os
import shutil
import sys
import zipfile


def package(release_dir: str, name: str, out: str = os.path.join("target", "lambda"), level: int = 9) -> str:
    out_dir = os.path.join(out, name)
    os.makedirs(out_dir, exist_ok=True)
    bootstrap = os.path.join(out_dir, "bootstrap")
    shutil.copyfile(os.path.join(release_dir, name), bootstrap)
    os.chmod(bootstrap, 0o755)
    archive = os.path.join(out_dir, "bootstrap.zip")
    entry = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0))
    entry.external_attr = (0o100755 << 16)
    entry.create_system = 3  # Unix, so the mode above is honoured
    with open(bootstrap, "rb") as binary, zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(entry, binary.read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return archive


if __name__ == "__main__":
    args = sys.argv[1:]
    out, level = os.path.join("target", "lambda"), 9
    while args[:1] in (["--out"], ["--level"]):
        if args[0] == "--out":
            out = args[1]
        else:
            level = int(args[1])
        args = args[2:]
    release_dir, names = args[0], args[1:]
    for name in names:
        archive = package(release_dir, name, out, level)
        with zipfile.ZipFile(archive) as zipped:
            mode = zipped.getinfo("bootstrap").external_attr >> 16
            assert zipped.namelist() == ["bootstrap"] and mode & 0o111, f"{archive}: not one executable bootstrap"
        print(f"{archive}  {os.path.getsize(archive) / 1e6:.2f} MB")
