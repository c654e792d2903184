# orderflow — the README's commands. `make run` and `make test` set up everything they need.

VENV        := .venv
PYTHON      := $(VENV)/bin/python
MOTO_PIN    := moto[server]==5.2.5
CFNLINT_PIN := cfn-lint==1.58.0
SETUP_STAMP := $(VENV)/.setup-5.2.5-1.58.0

.PHONY: run test setup browser lint schema clean

## Set up (once) and run the whole system locally: emulator, HTTP routes, queue workers, scheduler.
run: setup
	cargo run --quiet --bin orderflow -- dev

## Everything CI checks: formatting, lints, template, schema, unit and integration tests.
test: setup browser lint schema
	cargo build --workspace --bins
	cargo test --workspace

setup: $(SETUP_STAMP)

$(SETUP_STAMP):
	@command -v python3 >/dev/null || { apt-get update && apt-get install -y python3 python3-venv; }
	python3 -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check '$(MOTO_PIN)' '$(CFNLINT_PIN)'
	touch $@

## Headless Chromium (Debian's package) for the status page test.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }
	@chromium --version

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(VENV)/bin/cfn-lint infra/template.yaml

## The generic samples must satisfy the published JSON Schemas.
schema: setup
	$(PYTHON) -c 'import json, glob, jsonschema; \
	pairs = [("generic-order", "events/order-placed/generic-*.json"), ("generic-payment", "events/payment-captured/*generic-*.json"), ("generic-tracking", "events/carrier-webhook/generic-*.json")]; \
	schemas = {name: json.load(open(f"events/schemas/{name}.schema.json")) for name, _ in pairs}; \
	[jsonschema.Draft202012Validator.check_schema(s) for s in schemas.values()]; \
	[jsonschema.validate(json.loads(json.load(open(f))["body"]), schemas[name]) for name, pattern in pairs for f in sorted(glob.glob(pattern))]; \
	print("generic samples match their schemas")'

clean:
	rm -rf $(VENV) .run target
