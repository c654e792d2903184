//! `make bench`: measures the release functions from `make build` and writes BENCHMARKS.md.
//! Figures, not pass/fail: each target is compared and, where missed, the file says by how much.

mod calls;
mod cost;
mod cpu;
mod functions;
mod lifecycle;
mod process;
mod report;
mod stack;
mod stats;
mod throughput;

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Benchmarks the release functions (run `make build` first) and writes BENCHMARKS.md")]
struct Options {
    /// Starts of each binary for the cold-init medians.
    #[arg(long, default_value_t = 21)]
    starts: usize,
    /// Events in each function's burst (warm latency, peak RSS).
    #[arg(long, default_value_t = 1000)]
    events: usize,
    /// Scheduler runs in its burst (one a minute in AWS: 60 is an hour).
    #[arg(long, default_value_t = 60)]
    sweeps: usize,
    /// Order lifecycles replayed concurrently through `orderflow dev`.
    #[arg(long, default_value_t = 1000)]
    lifecycles: usize,
    /// Where the report goes.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = Options::parse();
    let root = orderflow::local::repo_root();
    let criterion_home = std::env::var_os("CRITERION_HOME").map_or(root.join("target/criterion"), PathBuf::from);
    let mut report = report::Report::new(&options);

    println!("== sizes");
    report.sizes = report::sizes()?;
    let stack = stack::Stack::start().await?;
    println!("== cold init ({} starts of each binary)", options.starts);
    report.cold = functions::cold_starts(&stack, options.starts).await?;
    println!("== bursts of {} events through each function", options.events);
    report.bursts = functions::bursts(&stack, options.events, options.sweeps).await?;
    println!("== AWS calls per order lifecycle");
    report.calls = Some(calls::lifecycle(&stack).await?);
    println!("== handler CPU (criterion, in-memory ports)");
    let settings = stack.settings.clone();
    let secrets = settings.secrets.clone();
    report.cpu = tokio::task::spawn_blocking(move || cpu::handler_cpu(&settings, &criterion_home))
        .await
        .map_err(|e| e.to_string())??;
    drop(stack);
    println!("== throughput: {} lifecycles through orderflow dev", options.lifecycles);
    report.throughput = Some(throughput::run(options.lifecycles, &secrets).await?);

    let markdown = report.markdown();
    println!("\n{markdown}");
    std::fs::write(root.join(&options.out), markdown).map_err(|e| format!("{}: {e}", options.out.display()))?;
    println!("written to {}", options.out.display());
    Ok(())
}
