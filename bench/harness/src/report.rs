//! BENCHMARKS.md: the machine, the method, every figure, and each target met or missed (by how much).

use crate::Options;
use crate::calls::{Checkpoints, LifecycleCalls, Tally};
use crate::cost::{self, PRICES};
use crate::functions::{Burst, HELLO_WORLD, bootstrap};
use crate::stats::{Sample, mb, ms};
use crate::throughput::Throughput;
use std::fmt::Write;

/// The configured memory of every function (infra/template.yaml, Globals).
const MEMORY_MB: f64 = 128.0;

#[derive(Default)]
pub struct Report {
    pub starts: usize,
    pub events: usize,
    pub sweeps: usize,
    pub sizes: Vec<(String, u64, u64)>,
    pub cold: Vec<(String, Sample)>,
    pub bursts: Vec<Burst>,
    pub calls: Option<LifecycleCalls>,
    /// Orders with 30 and 300 carrier checkpoints.
    pub checkpoints: Vec<Checkpoints>,
    /// The largest item of a 200-line order, in bytes.
    pub long_order: Option<(usize, usize)>,
    /// What the back office's list and an order's page cost to show.
    pub back_office: Option<crate::calls::BackOfficeCalls>,
    pub cpu: Vec<(String, f64)>,
    /// The scheduler's run with idle shops added.
    pub idle_shops: Option<crate::shops::IdleShops>,
    pub throughput: Option<Throughput>,
}

/// Stripped binary and zip sizes from `target/lambda`.
pub fn sizes() -> Result<Vec<(String, u64, u64)>, String> {
    let functions = orderflow::local::functions();
    std::iter::once(HELLO_WORLD)
        .chain(functions.iter().map(String::as_str))
        .map(|name| {
            let binary = bootstrap(name);
            let size = |path: &std::path::Path| {
                std::fs::metadata(path)
                    .map(|m| m.len())
                    .map_err(|e| format!("{}: {e} (run `make build`)", path.display()))
            };
            Ok((name.to_string(), size(&binary)?, size(&binary.with_extension("zip"))?))
        })
        .collect()
}

/// `new` (a partial run's report) over `before` (the file as it was): each section of `new` in
/// place of the one of the same heading, the others kept; the targets' rows merged by target.
pub fn merge(before: &str, new: &str) -> String {
    fn sections(text: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
        for line in text.lines() {
            if line.starts_with("## ") {
                out.push((line.to_string(), String::new()));
            }
            let last = out.last_mut().expect("one section at least");
            last.1.push_str(line);
            last.1.push('\n');
        }
        out
    }
    let (old, fresh) = (sections(before), sections(new));
    if old.len() <= 1 {
        return new.to_string();
    }
    let target = |row: &str| row.split('|').nth(1).map(|t| t.trim().to_string());
    // The header (machine, method, date) is this run's.
    let mut out = fresh[0].1.clone();
    for (heading, body) in old.iter().skip(1) {
        let replaced = fresh.iter().find(|(h, _)| h == heading);
        match replaced {
            Some((_, new_body)) if heading == "## Targets" => {
                let is_row = |l: &&str| l.starts_with("| ") && !l.starts_with("| target ");
                let new_rows: Vec<&str> = new_body.lines().filter(is_row).collect();
                let kept = body.lines().filter(is_row).filter(|l| !new_rows.iter().any(|n| target(n) == target(l)));
                let rows: Vec<&str> = kept.chain(new_rows.iter().copied()).collect();
                let mut rows_written = false;
                for line in body.lines() {
                    if !is_row(&line) {
                        out.push_str(line);
                        out.push('\n');
                    } else if !rows_written {
                        rows_written = true;
                        rows.iter().for_each(|row| {
                            out.push_str(row);
                            out.push('\n');
                        });
                    }
                }
            }
            Some((_, new_body)) => out.push_str(new_body),
            None => out.push_str(body),
        }
    }
    for (heading, body) in fresh.iter().skip(1) {
        if !old.iter().any(|(h, _)| h == heading) {
            out.push_str(body);
        }
    }
    out
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {memory_gib:.0} GiB, Linux {}, {rustc}", kernel.trim())
}

fn calls_cell(tally: &Tally) -> String {
    if tally.calls.is_empty() {
        return "–".into();
    }
    tally
        .calls
        .iter()
        .map(|((_, op), n)| if *n == 1 { op.clone() } else { format!("{op} ×{n}") })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report {
    pub fn new(options: &Options) -> Self {
        Self { starts: options.starts, events: options.events, sweeps: options.sweeps, ..Self::default() }
    }

    fn burst(&self, function: &str) -> Option<&Burst> {
        self.bursts.iter().find(|b| b.function == function)
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let today = jiff::Zoned::now().date();
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(
            out,
            "Written by `make bench` (the harness in `bench/harness`) on {today}.\n\n**Machine:** {}.\n\n\
             **Method.** The release profile (opt-level \"s\", fat LTO, one codegen unit, panic=abort, stripped) \
             as packaged by `make build` in `target/lambda/<function>/`. Cold init is the time from `exec` to the \
             function's first `GET /2018-06-01/runtime/invocation/next` against a local Lambda Runtime API stub, \
             median of {} starts per binary, interleaved with a hello-world `lambda_runtime` binary built with the \
             same profile. Warm invocations and peak RSS come from a burst of events through each binary, \
             with its AWS calls going to the local emulator (moto, one process for DynamoDB and one for SQS, SES \
             and SNS) on loopback: those latencies are the emulator's more than ours. Handler CPU is measured in process by criterion with the in-memory store, queue and \
             sender. AWS calls are counted by an SDK interceptor on every client while one order goes through \
             the real handlers, queue workers and scheduler; DynamoDB units are computed from item sizes as \
             DynamoDB bills them (1 write unit per started KB, 2 inside a transaction, 1 read unit per started 4 KB \
             strongly consistent, half that eventually consistent, plus one write unit per index entry). This machine is shared and \
             noisy: read ratios and orders of magnitude, not the last digit.\n",
            machine(),
            self.starts
        );
        self.targets(&mut out);
        self.cost_note(&mut out);
        self.cold_section(&mut out);
        self.warm_section(&mut out);
        self.cpu_section(&mut out);
        self.calls_section(&mut out);
        self.back_office_section(&mut out);
        self.records_section(&mut out);
        self.cost_section(&mut out);
        self.feed_section(&mut out);
        self.size_section(&mut out);
        self.shops_section(&mut out);
        self.throughput_section(&mut out);
        out
    }

    fn hello_init(&self) -> f64 {
        self.cold.iter().find(|(n, _)| n == HELLO_WORLD).map_or(0.0, |(_, s)| s.median().as_secs_f64())
    }

    fn worst_cold_ratio(&self) -> f64 {
        let hello = self.hello_init();
        self.cold
            .iter()
            .filter(|(n, _)| n != HELLO_WORLD)
            .map(|(_, s)| s.median().as_secs_f64() / hello)
            .fold(0.0, f64::max)
    }

    fn webhook_calls_max(&self) -> u64 {
        self.calls.as_ref().map_or(0, |c| c.steps.iter().map(|s| s.before_answer.total()).max().unwrap_or(0))
    }

    fn cost(&self) -> Option<cost::Cost> {
        let calls = self.calls.as_ref()?;
        // The mean warm duration over every function invocation of the lifecycle, weighted by how often each runs.
        let warm = |f: &str| self.burst(f).map_or(0.0, |b| b.warm.mean().as_secs_f64() * 1000.0);
        let mut weighted = 0.0;
        for step in &calls.steps {
            let function = match step.name.as_str() {
                "placed" => "order-placed",
                "paid" => "payment-captured",
                "confirm" | "pack" | "ship" => "backoffice",
                "follow-up" => "scheduler",
                _ => "carrier-webhook",
            };
            weighted += warm(function) + step.worker_invocations as f64 * warm("notify-email");
        }
        let invocation_ms = weighted / calls.function_invocations().max(1) as f64;
        Some(cost::per_thousand(calls, invocation_ms, MEMORY_MB, warm("scheduler")))
    }

    fn targets(&self, out: &mut String) {
        let ratio = self.worst_cold_ratio();
        let webhook = self.webhook_calls_max();
        let peak = self.bursts.iter().filter(|b| b.function != HELLO_WORLD).map(|b| b.peak_rss).max().unwrap_or(0);
        let zip = self.sizes.iter().filter(|(n, _, _)| n != HELLO_WORLD).map(|(_, _, z)| *z).max().unwrap_or(0);
        let core = self.cost().map_or(0.0, |c| c.core());
        let _ = writeln!(out, "## Targets\n\n| target | measured | |\n|---|---|---|");
        if let Some(calls) = &self.calls {
            let units = calls.total().write_units;
            let _ = writeln!(out, "| ≤ 80 write units per lifecycle | {units:.0} | {} |", met(units <= 80.0));
            let _ =
                writeln!(out, "| ≤ 3 AWS calls before a webhook answers | worst {webhook} | {} |", met(webhook <= 3));
        }
        if self.calls.is_some() && !self.bursts.is_empty() {
            let _ = writeln!(
                out,
                "| ≤ $0.075 per 1,000 lifecycles (Lambda, DynamoDB, SQS) | ${core:.4} | {} |",
                met(core <= 0.075)
            );
        }
        for run in &self.checkpoints {
            let worst = run.early_units.max(run.late_units);
            let _ = writeln!(
                out,
                "| a checkpoint that tells nobody ≤ 2 write units, the same at the last of {} as at the 3rd | {:.0} at the 3rd, {:.0} at the {}th | {} |",
                run.count,
                run.early_units,
                run.late_units,
                run.count,
                met(worst <= 2.0 && (run.late_units - run.early_units).abs() < 0.5)
            );
            let _ = writeln!(
                out,
                "| no item reaches 16 KB after {} checkpoints | largest {:.1} KB | {} |",
                run.count,
                run.largest_item as f64 / 1024.0,
                met(run.largest_item < 16 * 1024)
            );
        }
        if let Some((lines, largest)) = self.long_order {
            let _ = writeln!(
                out,
                "| a {lines}-line order accepted, told and shipped, no item reaching 16 KB | largest {:.1} KB | {} |",
                largest as f64 / 1024.0,
                met(largest < 16 * 1024)
            );
        }
        if !self.cold.is_empty() {
            let _ = writeln!(out, "| cold init ≤ 1.5× hello-world | worst {ratio:.2}× | {} |", met(ratio <= 1.5));
        }
        if !self.bursts.is_empty() {
            let _ = writeln!(out, "| peak RSS ≤ 32 MB | worst {} MB | {} |", mb(peak), met(peak <= 32_000_000));
        }
        if !self.sizes.is_empty() {
            let _ = writeln!(out, "| each zip ≤ 4 MB | largest {} MB | {} |", mb(zip), met(zip <= 4_000_000));
        }
        if let Some(idle) = self.idle_shop() {
            let _ = writeln!(
                out,
                "| an added idle shop < $0.05 a month | ${:.4} | {} |",
                idle.total(),
                met(idle.total() < 0.05)
            );
        }
        if let Some(t) = &self.throughput {
            let ok = t.lost == 0 && t.duplicates == 0 && t.usage_mismatches.is_empty();
            let _ = writeln!(
                out,
                "| many shops through one `orderflow dev`: none lost or doubled, usage reports = what was done | {} shops × {} lifecycles: lost {}, doubled {}, usage off for {} shops | {} |",
                t.shops,
                t.orders / t.shops.max(1),
                t.lost,
                t.duplicates,
                t.usage_mismatches.len(),
                met(ok)
            );
        }
        let _ = writeln!(out);
        if self.calls.is_some() && webhook > 3 {
            let _ = writeln!(
                out,
                "**Webhook calls.** A webhook reads the order (one `Query` for its head, details and notices), \
                 writes what changed (one `TransactWriteItems`, or a `PutItem` each for the head and the event \
                 of a carrier update that tells nobody) and puts the notices it asks for on their queues \
                 (`SendMessageBatch`) so the customer hears within a second. Intake also reads parked payments \
                 (a `Query`); a Stripe capture or a shipment writes a pointer (PaymentIntent or tracking number → \
                 order) that later refunds and carrier events are matched by, and a carrier event reads it. \
                 Getting every path to two would take a DynamoDB Stream feeding a fan-out function that enqueues \
                 the notices and writes the pointers (the notices are already stored with the change, so the \
                 stream only moves them): a second function invocation per change, and a second or so before \
                 the customer hears.\n"
            );
        }
    }

    /// Why the cost target is missed, from this run's figures.
    fn cost_note(&self, out: &mut String) {
        let (Some(cost), Some(calls)) = (self.cost(), self.calls.as_ref()) else { return };
        if cost.core() <= 0.075 || self.bursts.is_empty() {
            return;
        }
        let units = calls.total().write_units;
        let others = cost.core() - cost.dynamodb;
        let affordable = (0.075 - others) / 1000.0 / PRICES.dynamodb_per_write_unit;
        let _ = writeln!(
            out,
            "**Cost.** DynamoDB is ${:.4} of the ${:.4}: {units:.0} write units per lifecycle at $0.625 per \
             million. With Lambda and SQS at ${others:.4}, the target leaves room for about {affordable:.0} \
             write units, below this layout's floor (see \"Order records\"): the transactions that keep a \
             status change and its notices together, and the notices' own index entries, are most of \
             the difference. The former layout cost $0.143, rising with every checkpoint; this one costs \
             the same per checkpoint however long the history.\n",
            cost.dynamodb,
            cost.core()
        );
    }

    fn cold_section(&self, out: &mut String) {
        if self.cold.is_empty() {
            return;
        }
        let hello = self.hello_init();
        let _ = writeln!(
            out,
            "## Cold init\n\nA function's init reads its settings' secret (one `GetSecretValue`, here from the \
             emulator on loopback, a few milliseconds in AWS too), which hello-world does not make: the ratio \
             includes that round trip.\n\n| binary | median ms | p90 ms | × hello-world |\n|---|---|---|---|"
        );
        for (name, sample) in &self.cold {
            let ratio = sample.median().as_secs_f64() / hello;
            let _ = writeln!(out, "| {name} | {} | {} | {ratio:.2} |", ms(sample.median()), ms(sample.percentile(0.9)));
        }
        let _ = writeln!(out);
    }

    fn warm_section(&self, out: &mut String) {
        if self.bursts.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "## Warm invocations and peak RSS\n\nEvery function process was started once and fed its burst in \
             rounds of {} orders, in the order an order's life needs them: {} orders placed and paid; a third of \
             them confirmed, packed, shipped and given three carrier updates; status lookups; every queued email \
             and SMS in batches of up to 10; then {} scheduler runs. One customer in four has only a phone. \
             Latency is from handing the event to the Runtime API stub to its answer.\n\n| function | events | first invoke ms | warm median ms | warm p99 ms | peak RSS MB |\n|---|---|---|---|---|---|",
            crate::functions::ROUND,
            self.events,
            self.sweeps
        );
        for b in &self.bursts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                b.function,
                b.events,
                ms(b.first),
                ms(b.warm.median()),
                ms(b.warm.percentile(0.99)),
                mb(b.peak_rss)
            );
        }
        let _ = writeln!(out);
    }

    fn cpu_section(&self, out: &mut String) {
        if self.cpu.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "## Handler CPU per event (in memory)\n\nThe whole router or worker for one event, with the in-memory \
             store, queue and sender: signature check, parsing, validation, the domain change, item mapping, \
             rendering. Criterion medians.\n\n| event | µs |\n|---|---|"
        );
        for (name, ns) in &self.cpu {
            let event = match name.as_str() {
                "order-placed" => "order-placed: a 10 KB Shopify orders/create",
                "payment-captured" => "payment-captured: a Stripe payment_intent.succeeded",
                "carrier-webhook" => "carrier-webhook: an EasyPost tracker.updated",
                "notify-email" => "notify-email: claim, render (Fluent + askama) and send one email",
                other => other,
            };
            let _ = writeln!(out, "| {event} | {:.1} |", ns / 1000.0);
        }
        let _ = writeln!(out);
    }

    fn calls_section(&self, out: &mut String) {
        let Some(calls) = &self.calls else { return };
        let _ = writeln!(
            out,
            "## AWS calls per order lifecycle\n\nOne email customer's order: placed (Shopify), paid (Stripe), \
             confirmed, packed and shipped (back office), four EasyPost updates, delivered, and the follow-up \
             the scheduler sends days later. \"After\" is the queue workers (Lambda's SQS trigger does the \
             `ReceiveMessage` and `DeleteMessageBatch`) and the scheduler.\n\n\
             | step | before the answer | after | worker invocations | write units |\n|---|---|---|---|---|"
        );
        for step in &calls.steps {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.0} |",
                step.name,
                calls_cell(&step.before_answer),
                calls_cell(&step.after),
                step.worker_invocations,
                step.before_answer.write_units + step.after.write_units
            );
        }
        let total = calls.total();
        let _ = writeln!(out, "\n| service | operation | calls |\n|---|---|---|");
        for ((service, op), n) in &total.calls {
            let _ = writeln!(out, "| {service} | {op} | {n} |");
        }
        let _ = writeln!(
            out,
            "| **all** | | **{}** |\n\nDynamoDB: {:.1} write units and {:.1} read units per lifecycle. Function \
             invocations per lifecycle: {}. An idle scheduler run (nothing due): {}, {:.1} read units.\n",
            total.total(),
            total.write_units,
            total.read_units,
            calls.function_invocations(),
            calls_cell(&calls.idle_sweep),
            calls.idle_sweep.read_units
        );
    }

    /// Requests and read units per render of the back office's pages.
    fn back_office_section(&self, out: &mut String) {
        let Some(pages) = &self.back_office else { return };
        let _ = writeln!(
            out,
            "## The back office's pages

One render by an owner signed in, with {} orders received and nothing \
             else waiting (goal: the list in at most 2 requests).\n\n| page | DynamoDB requests | read units | calls |\n\
             |---|---|---|---|",
            pages.orders
        );
        for (page, tally) in [("the orders list", &pages.list), ("an order's page", &pages.order_page)] {
            let _ = writeln!(
                out,
                "| {page} | {} | {:.1} | {} |",
                tally.of_service("DynamoDB"),
                tally.read_units,
                calls_cell(tally)
            );
        }
        let _ = writeln!(out);
    }

    /// Orders with long histories and many lines, and the floor of the item layout.
    fn records_section(&self, out: &mut String) {
        if self.checkpoints.is_empty() && self.long_order.is_none() {
            return;
        }
        let _ = writeln!(
            out,
            "## Order records\n\nEach order is a head (statuses, summaries, version), its details, one item \
             per notice and one per event; a change writes only what it changed (docs/ARCHITECTURE.md). The \
             same order as above, with many in-transit checkpoints before delivery:\n\n\
             | checkpoints | write units, 3rd checkpoint | write units, last | AWS calls per checkpoint | whole lifecycle | largest item |\n|---|---|---|---|---|---|"
        );
        for run in &self.checkpoints {
            let _ = writeln!(
                out,
                "| {} | {:.0} | {:.0} | {} | {:.0} | {:.1} KB |",
                run.count,
                run.early_units,
                run.late_units,
                run.calls_per_checkpoint,
                run.whole_lifecycle_units,
                run.largest_item as f64 / 1024.0
            );
        }
        if let Some((lines, largest)) = self.long_order {
            let _ = writeln!(
                out,
                "\nA {lines}-line order (generic JSON), both emails rendered and sent, then shipped: largest \
                 item {:.1} KB (the details keep 30 lines, each further 30 lines are an item of their own).",
                largest as f64 / 1024.0
            );
        }
        let _ = writeln!(
            out,
            "\n**The floor of this layout.** A transaction bills 2 units per started KB of each item, a plain \
             write 1; an index entry costs 1 to enter or leave an index or to change a projected attribute, 2 \
             when its key changes (`by-stage`: the head, under `open` while it waits on staff, then under its finished status; `by-due`: a head with a duty, and \
             each undelivered notice). Per step of the reference lifecycle, with a head of about 1 KB, details \
             of 3 KB (the 12-line order), notices, events and pointers under 1 KB:\n\n\
             | step | what is written | floor |\n|---|---|---|\n\
             | placed | head, details, 2 notices, event (transaction); enters `by-stage`; 2 notices enter `by-due` | 2×7 + 1 + 2 = 17 |\n\
             | paid | head, notice, event, payment pointer (transaction); `payment` projected; notice `by-due` | 2×4 + 1 + 1 = 10 |\n\
             | confirm, pack | head, notice, event (transaction); `status` projected; notice `by-due` | 2×3 + 1 + 1 = 8 |\n\
             | ship | as confirm, plus the tracking pointer; the head enters `by-due` (stuck alarm) | 8 + 2 + 1 = 11 |\n\
             | carrier update, same status, nobody told | head, event (two plain writes) | 2 |\n\
             | carrier update, new status, nobody told | head, event (transaction); `status` and `duties` projected | 2×2 + 1 = 5 |\n\
             | carrier update that tells | head, notice, event (transaction); `status` projected; notice `by-due` | 8 |\n\
             | delivered | as above; the head moves from `open` to `delivered` in `by-stage` and its due moves (follow-up) | 8 + 1 + 1 = 10 |\n\
             | follow-up (scheduler) | head, notice (transaction); the head leaves `by-due`; notice `by-due` | 2×2 + 1 + 1 = 6 |\n\
             | each of 9 notices sent | claim (1), settle (1), its `by-due` entry removed (1) | 3, 27 in all |\n\n\
             That is 114 for the lifecycle above (two same-status updates, one new status, one that \
             tells): the 80 target is below this layout's floor, by the transactions (which keep a status \
             change and its notices one write, the outbox) and the notice index entries (which let the \
             scheduler re-drive a notice whose enqueue or worker died). Reaching 80 would mean keeping the \
             notices in the head again (no transaction, but a head that grows with them and that every claim \
             contends on, as the former layout did). What made the cost grow with an order's history is gone: \
             a checkpoint costs the same at the 300th as at the 3rd.\n"
        );
    }

    fn cost_section(&self, out: &mut String) {
        let Some(cost) = self.cost().filter(|_| !self.bursts.is_empty()) else { return };
        let _ = writeln!(
            out,
            "## Cost per 1,000 order lifecycles\n\nFrom the calls and units above and the measured warm durations \
             (mean, rounded up to the billed millisecond) at {MEMORY_MB} MB; us-east-1 on-demand prices, {}, no \
             free tier.\n\n| item | $ per 1,000 |\n|---|---|\n\
             | Lambda requests | {:.5} |\n| Lambda compute, arm64 (x86_64: {:.5}) | {:.5} |\n| DynamoDB on-demand | {:.5} |\n\
             | SQS FIFO requests | {:.5} |\n| **Lambda + DynamoDB + SQS** | **{:.5}** |\n\
             | SES email (listed separately) | {:.5} |\n| SNS SMS, US rate, if every email were an SMS (separately) | {:.2} |\n\
             | API Gateway HTTP API (separately) | {:.5} |\n\n\
             The scheduler runs every minute whatever the volume: ${:.4} a month. Lambda's SQS pollers also make \
             empty long-poll receives on each queue while idle (a few per minute, billed as SQS requests).\n",
            PRICES.as_of,
            cost.lambda_requests,
            cost.lambda_compute_x86,
            cost.lambda_compute_arm,
            cost.dynamodb,
            cost.sqs,
            cost.core(),
            cost.ses,
            cost.sms_if_by_sms,
            cost.http_api,
            cost.scheduler_per_month
        );
    }

    fn feed_section(&self, out: &mut String) {
        let Some(calls) = &self.calls else { return };
        let feed = &calls.feed;
        // The feed functions do what the notice workers do (a few AWS calls, one HTTP request): their
        // mean warm duration stands in for the feed's.
        let warm = self.burst("notify-email").map_or(0.0, |b| b.warm.mean().as_secs_f64() * 1000.0);
        let cost = cost::feed_per_thousand(feed, warm, MEMORY_MB);
        let _ = writeln!(
            out,
            "## Status feed per order lifecycle\n\nThe same lifecycle's head writes, read from the table's stream \
             and published by the `feed-publish` code (each event kept for replays, put on the bus and queued for \
             the subscriber), then delivered by the `feed-deliver` code to one webhook subscriber on loopback \
             (received, signed and posted, logged, deleted), with counting clients. In AWS each head write is its \
             own `feed-publish` invocation and each delivery its own `feed-deliver` invocation, received and \
             deleted on its own (they come apart in time: the cost counts them so, the calls below are as \
             measured here in one go); their duration is taken as the notice workers' ({warm:.0} ms). Not in the \
             target's cost above: a shop without webhook subscribers still pays the publishing.\n\n\
             | | head writes | events | AWS calls | write units | read units | $ per 1,000 lifecycles |\n\
             |---|---|---|---|---|---|---|\n\
             | publish (bus, kept for replays) | {} | {} | {} | {:.0} | {:.1} | {:.5} |\n\
             | each webhook subscriber | | {} | {} | {:.0} | {:.1} | {:.5} |\n\n\
             EventBridge at ${:.2} per million events; the SQS sends of the deliveries are counted with the \
             subscriber.\n",
            feed.head_writes,
            feed.events,
            calls_cell(&feed.publish),
            feed.publish.write_units,
            feed.publish.read_units,
            cost.publish,
            feed.events,
            calls_cell(&feed.deliver),
            feed.deliver.write_units,
            feed.deliver.read_units,
            cost.per_subscriber,
            PRICES.eventbridge_per_event * 1e6,
        );
    }

    fn size_section(&self, out: &mut String) {
        if self.sizes.is_empty() {
            return;
        }
        let _ = writeln!(out, "## Binary size\n\n| binary | stripped MB | zipped MB |\n|---|---|---|");
        for (name, stripped, zipped) in &self.sizes {
            let _ = writeln!(out, "| {name} | {} | {} |", mb(*stripped), mb(*zipped));
        }
        let _ = writeln!(out);
    }

    fn throughput_section(&self, out: &mut String) {
        let Some(t) = &self.throughput else { return };
        let _ = writeln!(
            out,
            "## Throughput\n\n{} shops on one deployment (the default shop and {} added, each with its own \
             secrets, sender and owner), {} order lifecycles each with the same order ids in every shop: {} \
             lifecycles ({} webhook and back-office requests under each shop's `/s/<shop>/` path, up to {} in \
             flight, held back while more than {} notices wait on the queues), replayed concurrently over HTTP through one `orderflow dev` ({} build: every route, both \
             queue workers, the scheduler every {} s, the status feed's publisher) against a fresh emulator:\n\n\
             - all requests answered after {:.1} s ({:.0} requests/s; {} sent again after a 429 or 5xx, as their senders would);\n\
             - every notice sent after {:.1} s ({:.1} lifecycles/s, {} emails);\n\
             - **lost: {}**, **sent twice: {}** (each shop's orders' ledgers against the emails the emulator holds by the shop's sender and address);\n\
             - **usage reports that differ from what was done: {}** (each shop's orders received and emails sent \
             this month, as `orderflow usage` reads them, against its orders and their ledgers){}.\n\n\
             The emulator is the bottleneck here (two Python processes, one for DynamoDB and one for the rest, \
             each at up to 100% of a core), not the functions: its FIFO queues slow with their length (hence the \
             pacing: unpaced, 2,000 lifecycles left thousands of emails queued and the rest crawling) and its \
             table's stream with its length, so the rate falls with the count (hence, too, the scheduler's sweep \
             every few minutes here). Each request is signed as it is sent: the run outlasts a signature's five \
             minutes. The run's `orderflow dev` writes its warnings to `{}`. `make bench \
             BENCH_ARGS='--only throughput --shops 10 --lifecycles 2'` is a quick run.",
            t.shops,
            t.shops.saturating_sub(1),
            t.orders / t.shops.max(1),
            t.orders,
            t.requests,
            crate::throughput::IN_FLIGHT,
            crate::throughput::PACE_AT,
            t.profile,
            crate::throughput::SWEEP_EVERY.as_secs(),
            t.answered.as_secs_f64(),
            t.requests as f64 / t.answered.as_secs_f64(),
            t.retried,
            t.completion.as_secs_f64(),
            t.orders as f64 / t.completion.as_secs_f64(),
            t.emails_sent,
            t.lost,
            t.duplicates,
            t.usage_mismatches.len(),
            match t.usage_mismatches.is_empty() {
                true => String::new(),
                false => format!(": {}", t.usage_mismatches.join("; ")),
            },
            crate::throughput::DEV_LOG,
        );
    }

    /// What one idle added shop adds a month, from the measured run with idle shops.
    fn idle_shop(&self) -> Option<cost::IdleShop> {
        let idle = self.idle_shops.as_ref()?;
        let extra = (idle.with.median().as_secs_f64() - idle.alone.median().as_secs_f64()) * 1000.0;
        Some(cost::IdleShop::new(extra / idle.shops.max(1) as f64, idle.record_bytes, MEMORY_MB))
    }

    fn shops_section(&self, out: &mut String) {
        let (Some(idle), Some(shop), Some(core), Some(calls)) =
            (self.idle_shops.as_ref(), self.idle_shop(), self.cost(), self.calls.as_ref())
        else {
            return;
        };
        let template =
            std::fs::read_to_string(orderflow::local::repo_root().join("infra/template.yaml")).unwrap_or_default();
        let fixed = cost::Fixed::of_template(&template, core.scheduler_per_month);
        let warm = self.burst("notify-email").map_or(0.0, |b| b.warm.mean().as_secs_f64() * 1000.0);
        let feed = cost::feed_per_thousand(&calls.feed, warm, MEMORY_MB);
        // What each order adds: its lifecycle (Lambda, DynamoDB, SQS), publishing its feed, its
        // emails and its HTTP API requests.
        let per_order = (core.core() + feed.publish + core.ses + core.http_api) / 1000.0;
        let extra_calls = idle.calls_with.saturating_sub(idle.calls_alone) as f64 / idle.shops.max(1) as f64;
        let _ = writeln!(
            out,
            "## Many shops: what a shop costs\n\n**The scheduler's run with idle shops.** One run over every \
             shop (median of the timed runs, each shop swept with its own limits, four at a time), with the \
             default shop alone and with {} idle shops added, their AWS calls counted:\n\n\
             | | run | AWS calls |\n|---|---|---|\n\
             | the default shop alone | {} ms | {} |\n| with {} idle shops added | {} ms | {} |\n\
             | each idle shop adds | {:.2} ms | {:.1} |\n\n\
             An idle shop's calls are its due partition's query (it finds nothing) and its part of reading the \
             shops' records (one query for all, a {} B record each); the run's duration here is the emulator's \
             latency more than ours.\n\n\
             **The deployment, idle, a month** (us-east-1 list prices; the counts from `infra/template.yaml`):\n\n\
             | item | $ a month |\n|---|---|\n\
             | {} CloudWatch alarms at $0.10 | {:.2} |\n| {} dashboard at $3 (beyond an account's first three) | {:.2} |\n\
             | the secret at $0.40, read by the scheduler every 5 minutes | {:.2} |\n\
             | the scheduler every minute (Lambda, its DynamoDB queries, measured above) | {:.2} |\n\
             | Lambda's pollers on {} idle queues (assumed: 15 empty receives a minute each) | {:.2} |\n\
             | **total** | **{:.2}** |\n\n\
             **An idle added shop, a month**: its part of each run, {:.4} Lambda + {:.4} DynamoDB (half a \
             read unit for its due partition, its record's share of the records' read), and its record's \
             storage {:.6}: **${:.4}**. Nothing else of the deployment grows with shops: alarms, dashboard, \
             secret and queues are one per deployment.\n\n\
             **Each order** adds ${:.6}: its lifecycle (Lambda, DynamoDB, SQS: ${:.6}), publishing its status \
             feed (${:.6}), its {:.0} emails (${:.6}) and its {:.0} HTTP API requests (${:.6}). Not counted: \
             SMS (SNS, by country), feed deliveries to subscribers (${:.7} per event each), storage (an order's \
             items are a few KB: 10,000 orders kept a month are about $0.01).\n\n\
             | orders a month | a shop alone on its deployment | one of 100 shops sharing one |\n|---|---|---|",
            idle.shops,
            crate::stats::ms(idle.alone.median()),
            idle.calls_alone,
            idle.shops,
            crate::stats::ms(idle.with.median()),
            idle.calls_with,
            (idle.with.median().as_secs_f64() - idle.alone.median().as_secs_f64()) * 1000.0 / idle.shops.max(1) as f64,
            extra_calls,
            idle.record_bytes,
            fixed.alarms,
            fixed.alarms as f64 * cost::ALARM_PER_MONTH,
            fixed.dashboards,
            fixed.dashboards as f64 * cost::DASHBOARD_PER_MONTH,
            cost::SECRET_PER_MONTH + fixed.secret_reads,
            fixed.scheduler,
            fixed.triggered_queues,
            fixed.pollers(),
            fixed.total(),
            shop.lambda,
            shop.dynamodb,
            shop.storage,
            shop.total(),
            per_order,
            core.core() / 1000.0,
            feed.publish / 1000.0,
            calls.emails() as f64,
            core.ses / 1000.0,
            core.http_api / 1000.0 / PRICES.http_api_per_request,
            core.http_api / 1000.0,
            feed.per_subscriber / 1000.0 / calls.feed.events.max(1) as f64,
        );
        for orders in [0.0, 100.0, 1_000.0, 10_000.0] {
            let variable = orders * per_order;
            let _ = writeln!(
                out,
                "| {orders:.0} | ${:.2} | ${:.2} |",
                fixed.total() + variable,
                fixed.total() / 100.0 + shop.total() + variable
            );
        }
        let _ = writeln!(
            out,
            "\nA shop alone pays the whole deployment; one of 100 pays a hundredth of it plus what it adds. \
             A shop's SMS are on top, at its destinations' rates (`orderflow usage` counts their segments by \
             country).\n"
        );
    }
}
