"""The local AWS emulator: moto's server, answering one request at a time.

moto's own `moto_server` runs a thread per request, and its DynamoDB applies two concurrent
conditional writes to the same item without a lock, so both can pass their condition. One request at
a time, every conditional write is atomic, as it is in AWS. Nothing local may long-poll SQS against
it (the project's pollers use short polls here).

Usage: .venv/bin/python infra/emulator.py -H 127.0.0.1 -p 4566
"""

import argparse
import os

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=4566)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
