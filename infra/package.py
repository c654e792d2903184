"""Packages release binaries as Lambda zips in cargo-lambda's layout: target/lambda/<name>/bootstrap(.zip).

Usage: python3 infra/package.py [--out DIR] <target/release dir> <name>...
The zip holds one executable file named `bootstrap` (mode 0755), deflated at level 9. `--out` puts
them elsewhere than target/lambda (`make test` packages its debug build there, to prove the packaging
without a release build; what is deployed always comes from target/lambda).
"""

import os
import shutil
import sys
import zipfile


def package(release_dir: str, name: str, out: str = os.path.join("target", "lambda")) -> str:
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
        zipped.writestr(entry, binary.read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return archive


if __name__ == "__main__":
    args = sys.argv[1:]
    out = os.path.join("target", "lambda")
    if args[:1] == ["--out"]:
        out, args = args[1], args[2:]
    release_dir, names = args[0], args[1:]
    for name in names:
        archive = package(release_dir, name, out)
        with zipfile.ZipFile(archive) as zipped:
            mode = zipped.getinfo("bootstrap").external_attr >> 16
            assert zipped.namelist() == ["bootstrap"] and mode & 0o111, f"{archive}: not one executable bootstrap"
        print(f"{archive}  {os.path.getsize(archive) / 1e6:.2f} MB")
