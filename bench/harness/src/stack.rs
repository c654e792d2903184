//! A fresh emulator with the template's resources, and the settings every function gets.

use aws_types::SdkConfig;
use orderflow::aws;
use orderflow::clock::Clock;
use orderflow::config::Settings;
use orderflow::local::emulator::{Emulator, free_port};
use orderflow::local::repo_root;
use orderflow::local::stack::{LocalStack, StackOptions};
use std::collections::{BTreeMap, HashMap};
use std::process::Stdio;
use std::sync::Arc;

/// Two emulator processes, one for DynamoDB and one for SQS, SES and SNS, so the emulator (one
/// Python process each, the bottleneck of every figure that goes through it) can use both cores.
pub struct Emulators {
    pub general: Emulator,
    pub dynamodb: Emulator,
}

impl Emulators {
    pub fn start() -> Result<Self, String> {
        let python = orderflow::local::emulator::venv_python();
        let start = || {
            let port = free_port().map_err(|e| e.to_string())?;
            Emulator::start(&python, port, Stdio::null()).map_err(|e| e.to_string())
        };
        Ok(Self { general: start()?, dynamodb: start()? })
    }

    pub fn config(&self) -> SdkConfig {
        aws::emulator_config_with(
            &self.general.endpoint,
            aws::ServiceEndpoints::default()
                .with("DynamoDB", &self.dynamodb.endpoint)
                .with("DynamoDB Streams", &self.dynamodb.endpoint),
        )
    }
}

pub struct Stack {
    /// Kept for its lifetime: dropping it stops the emulators.
    _emulators: Emulators,
    pub config: SdkConfig,
    /// The environment of a deployed function: the template's variables, development secrets, and
    /// the emulator's endpoint and credentials.
    pub vars: BTreeMap<String, String>,
    pub settings: Arc<Settings>,
}

impl Stack {
    pub async fn start() -> Result<Self, String> {
        let emulators = Emulators::start()?;
        let template = repo_root().join("infra/template.yaml");
        let options = StackOptions {
            prefix: "bench",
            parameters: HashMap::new(),
            overrides: Vec::new(),
            process_env: false,
            dev_secrets: true,
            clock: Clock::system(),
        };
        let stack = LocalStack::build(emulators.config(), &template, options).await?;
        // Last month is closed already: its close (a count of the whole table, once a month) is
        // not what the scheduler's every minute is measured for.
        let month = orderflow::domain::usage::previous_month(jiff::Timestamp::now());
        let closed = orderflow::store::dynamo::MonthClose { month, done: true, ..Default::default() };
        aws::store(&stack.config, &stack.settings).put_month_close(&closed).await.map_err(|e| e.to_string())?;
        let mut vars = stack.vars;
        for (name, value) in [
            ("AWS_ENDPOINT_URL", emulators.general.endpoint.as_str()),
            ("AWS_ENDPOINT_URL_DYNAMODB", emulators.dynamodb.endpoint.as_str()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "local"),
            ("AWS_SECRET_ACCESS_KEY", "local"),
        ] {
            vars.insert(name.to_string(), value.to_string());
        }
        Ok(Self { _emulators: emulators, config: stack.config, vars, settings: stack.settings })
    }

    pub fn sqs(&self) -> aws_sdk_sqs::Client {
        aws_sdk_sqs::Client::new(&self.config)
    }
}
