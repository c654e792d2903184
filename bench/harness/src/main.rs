//! `make bench`: measures the release functions from `make build` and writes BENCHMARKS.md.
//! Figures, not pass/fail: each target is compared and, where missed, the file says by how much.

mod calls;
mod cost;
mod cpu;
mod functions;

mod report;
mod shops;
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
    /// Shops on the deployment: the throughput run's (the default one and added ones, each with
    /// `--lifecycles` orders), and the idle ones added to measure what an idle shop adds to the
    /// scheduler's run.
    #[arg(long, default_value_t = 100)]
    shops: usize,
    /// Order lifecycles of each shop replayed concurrently through `orderflow dev`. The emulator
    /// slows as the table's stream grows: 100 shops × 20 take about 25 minutes on a 2-core
    /// machine; `--lifecycles 2` is a quick run.
    #[arg(long, default_value_t = 20)]
    lifecycles: usize,
    /// Run only these parts (repeatable); all of them by default.
    #[arg(long, value_enum)]
    only: Vec<Part>,
    /// Where the report goes.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    Sizes,
    Cold,
    Bursts,
    Calls,
    Cpu,
    Shops,
    Throughput,
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = Options::parse();
    let root = orderflow::local::repo_root();
    let criterion_home = std::env::var_os("CRITERION_HOME").map_or(root.join("target/criterion"), PathBuf::from);
    let mut report = report::Report::new(&options);
    let started = std::time::Instant::now();
    let section = |name: String| println!("== {name}  (at {:.0} s)", started.elapsed().as_secs_f64());

    let run = |part: Part| options.only.is_empty() || options.only.contains(&part);
    if run(Part::Sizes) {
        section("sizes".into());
        report.sizes = report::sizes()?;
    }
    let stack = stack::Stack::start().await?;
    let settings = stack.settings.clone();
    // First, while the table holds nothing else for the scheduler to find.
    if run(Part::Calls) {
        section("AWS calls per order lifecycle".into());
        report.calls = Some(calls::lifecycle(&stack).await?);
        for (index, count) in [(910_000, 30), (920_000, 300)] {
            section(format!("an order with {count} carrier checkpoints"));
            report.checkpoints.push(calls::checkpoints(&stack, index, count).await?);
        }
        section("a 200-line order".into());
        report.long_order = Some((200, calls::long_order(&stack, 930_000, 200).await?));
        section("the back office's list and an order's page".into());
        report.back_office = Some(calls::back_office(&stack, 940_000, 30).await?);
    }
    if run(Part::Cold) {
        section(format!("cold init, {} starts of each binary", options.starts));
        report.cold = functions::cold_starts(&stack, options.starts).await?;
    }
    if run(Part::Bursts) {
        section(format!("bursts of {} events through each function", options.events));
        report.bursts = functions::bursts(&stack, options.events, options.sweeps).await?;
    }
    if run(Part::Shops) {
        section(format!("the scheduler's run with {} idle shops", options.shops));
        report.idle_shops = Some(shops::idle_sweep(&stack, options.shops, 7).await?);
    }
    drop(stack);
    if run(Part::Cpu) {
        section("handler CPU (criterion, in-memory ports)".into());
        let settings = settings.clone();
        report.cpu = tokio::task::spawn_blocking(move || cpu::handler_cpu(&settings, &criterion_home))
            .await
            .map_err(|e| e.to_string())??;
    }
    if run(Part::Throughput) {
        section(format!(
            "throughput: {} shops × {} lifecycles through orderflow dev",
            options.shops, options.lifecycles
        ));
        report.throughput = Some(throughput::run(options.shops, options.lifecycles, &settings.secrets).await?);
    }

    let mut markdown = report.markdown();
    if !options.only.is_empty() {
        // A partial run keeps what the file says of the parts it did not run.
        let before = std::fs::read_to_string(root.join(&options.out)).unwrap_or_default();
        markdown = report::merge(&before, &markdown);
    }
    println!("\n{markdown}");
    std::fs::write(root.join(&options.out), markdown).map_err(|e| format!("{}: {e}", options.out.display()))?;
    println!("written to {} after {:.0} s", options.out.display(), started.elapsed().as_secs_f64());
    Ok(())
}
