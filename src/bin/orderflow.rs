//! The operator's command line: `orderflow dev` runs the local stack, `orderflow replay` sends the
//! sample events to it, `orderflow preview` renders every message, `orderflow provision` creates the
//! template's resources in an emulator.

use clap::{Parser, Subcommand};
use orderflow::config::{ProcessEnv, WebhookSecrets};
use orderflow::local::{self, dev::DevOptions};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "orderflow", version, about = "Order fulfilment for online shops: local stack and operator tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run everything locally: AWS emulator, HTTP routes, queue workers and scheduler.
    Dev {
        #[arg(long, env = "PORT", default_value_t = 3000)]
        port: u16,
        #[arg(long, env = "AWS_ENDPOINT_URL", default_value = "http://127.0.0.1:4566")]
        endpoint: String,
        /// Seconds between scheduler runs.
        #[arg(long, default_value_t = 15)]
        sweep_every: u64,
    },
    /// Send the API Gateway request samples in files or folders, freshly signed, to a running `dev`.
    Replay {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, env = "ORDERFLOW_URL", default_value = "http://127.0.0.1:3000")]
        url: String,
    },
    /// Render every message (kind × locale × channel) for a sample order into a folder, with an index page.
    Preview {
        #[arg(long, default_value = "previews")]
        out: PathBuf,
    },
    /// Create the template's tables, queues and email identity in an emulator; print the environment.
    Provision {
        #[arg(long, env = "AWS_ENDPOINT_URL", default_value = "http://127.0.0.1:4566")]
        endpoint: String,
        #[arg(long, default_value = "orderflow")]
        prefix: String,
    },
}

async fn run(cli: Cli) -> Result<(), String> {
    let root = local::repo_root();
    match cli.command {
        Command::Dev { port, endpoint, sweep_every } => {
            orderflow::telemetry::init_text();
            local::dev::run(DevOptions {
                port,
                endpoint,
                template: root.join("infra/template.yaml"),
                python: orderflow::local::emulator::venv_python(),
                emulator_log: root.join(".run/moto.log"),
                sweep_every: Duration::from_secs(sweep_every),
            })
            .await
        }
        Command::Replay { paths, url } => {
            let mut secrets = WebhookSecrets::from_vars(&ProcessEnv);
            secrets.fill_dev_defaults();
            let results = local::replay::replay(&paths, &url, &secrets).await?;
            for r in &results {
                println!("{:<44} {} → {} {}", r.file.display(), r.request, r.status, r.body);
            }
            println!("{} requests replayed", results.len());
            Ok(())
        }
        Command::Preview { out } => {
            let index = orderflow::notify::preview::write(&out).map_err(|e| e.to_string())?;
            println!("previews written; open {}", index.display());
            Ok(())
        }
        Command::Provision { endpoint, prefix } => {
            let config = orderflow::aws::emulator_config(&endpoint);
            let template = root.join("infra/template.yaml");
            let provisioned = local::provision::provision(&config, &template, &prefix, &HashMap::new())
                .await
                .map_err(|e| e.to_string())?;
            for (name, value) in provisioned.env {
                println!("{name}={value}");
            }
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("orderflow: {error}");
            ExitCode::FAILURE
        }
    }
}
