# orderflow — the README's commands. `make run` and `make test` set up everything they need.

VENV        := .venv
PYTHON      := $(VENV)/bin/python
MOTO_PIN    := moto[server]==5.2.5
CFNLINT_PIN := cfn-lint==1.58.0
SETUP_STAMP := $(VENV)/.setup-5.2.5-1.58.0
SAM_PIN     := aws-sam-cli==1.170.0

# The Lambda functions: one crate each under functions/.
FUNCTIONS   := $(notdir $(wildcard functions/*))
# cargo-lambda (when installed) cross-compiles for Graviton; plain cargo builds for this machine.
CARGO_LAMBDA := $(shell command -v cargo-lambda 2>/dev/null)
ifdef CARGO_LAMBDA
LAMBDA_ARCH ?= arm64
else
LAMBDA_ARCH ?= $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64)
endif
STACK_NAME  ?= orderflow

.PHONY: run test setup browser lint schema emulator build deploy bench clean

## Set up (once) and run the whole system locally: emulator, HTTP routes, queue workers, scheduler.
run: setup
	cargo orderflow dev

## Everything CI checks: formatting, lints, template, schema, unit and integration tests, and that the
## functions package as Lambda zips. The functions are built alone, as they ship (without the library's
## `dev` tooling), and the Lambda test runs those binaries; their debug build, packaged into
## target/lambda-check: the release build, ten minutes more of the same code with another profile, is
## `make build` (built by plain cargo, `ORDERFLOW_FUNCTIONS=target/release cargo test --test lambda`
## runs the Lambda test on it).
test: setup browser lint schema emulator
	cargo build --bins --features dev
	cargo build $(addprefix -p ,$(FUNCTIONS))
	cargo test --workspace
	@cat test-artifacts/fault-suite.txt
	python3 infra/package.py --out target/lambda-check --level 1 target/debug $(FUNCTIONS)

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
	cargo clippy $(addprefix -p ,$(FUNCTIONS)) -- -D warnings
	@! cargo tree -e features $(addprefix -p ,$(FUNCTIONS)) | grep -q 'orderflow feature "dev"' \
		|| { echo "a Lambda function would link orderflow's dev tooling"; exit 1; }
	$(VENV)/bin/cfn-lint infra/template.yaml

## The local emulator's shortcuts (infra/emulator.py) answer every Query as moto itself does.
emulator: setup
	$(PYTHON) infra/emulator_check.py

## The generic samples and the status feed's example must satisfy the published JSON Schemas.
schema: setup
	$(PYTHON) -c 'import json, glob, jsonschema; \
	pairs = [("generic-order", "events/order-placed/generic-*.json"), ("generic-payment", "events/payment-captured/*generic-*.json"), ("generic-tracking", "events/carrier-webhook/generic-*.json")]; \
	schemas = {name: json.load(open(f"events/schemas/{name}.schema.json")) for name, _ in pairs}; \
	[jsonschema.Draft202012Validator.check_schema(s) for s in schemas.values()]; \
	[jsonschema.validate(json.loads(json.load(open(f))["body"]), schemas[name]) for name, pattern in pairs for f in sorted(glob.glob(pattern))]; \
	feed = json.load(open("events/schemas/feed-event.schema.json")); jsonschema.Draft202012Validator.check_schema(feed); \
	jsonschema.validate(json.load(open("events/schemas/feed-event.example.json")), feed); \
	print("generic samples and the feed example match their schemas")'

## Release binaries packaged for Lambda: target/lambda/<function>/bootstrap.zip (cargo-lambda's layout).
## The functions alone, so that the library is built without its `dev` tooling (emulator, in-memory
## adapters, the local PayPal verifier): `make bench` measures these very files.
build:
ifdef CARGO_LAMBDA
	cargo lambda build --release --$(subst _,-,$(LAMBDA_ARCH)) --output-format zip $(addprefix -p ,$(FUNCTIONS))
else
	cargo build --release $(addprefix -p ,$(FUNCTIONS))
	python3 infra/package.py target/release $(FUNCTIONS)
endif

## Deploys the zips from `make build` with AWS SAM (installed into the venv when not on PATH).
## Parameters: DEPLOY_ARGS='--parameter-overrides SenderEmail=shop@example.com ...'; see README "Deploying".
deploy: build
	@command -v sam >/dev/null || test -x $(VENV)/bin/sam || { python3 -m venv $(VENV) && $(VENV)/bin/pip install --quiet '$(SAM_PIN)'; }
	$$(command -v sam || echo $(VENV)/bin/sam) deploy --template-file infra/template.yaml --stack-name $(STACK_NAME) \
		--resolve-s3 --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
		--parameter-overrides Architecture=$(LAMBDA_ARCH) $(DEPLOY_ARGS)

## Cold starts, warm invocations, handler CPU, AWS calls and cost per order, RSS, sizes, throughput
## of the release functions, written to BENCHMARKS.md. The hello-world floor is built with the same
## profile; the harness and `orderflow dev` (the throughput run) with the `dev` tooling.
bench: setup
	$(MAKE) build LAMBDA_ARCH=$(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64) CARGO_LAMBDA=
	cargo build --release -p orderflow-bench -p hello-world -p orderflow --bins --features orderflow/dev
	python3 infra/package.py target/release hello-world
	CRITERION_HOME=target/criterion target/release/orderflow-bench --out BENCHMARKS.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .run target
